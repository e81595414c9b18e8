"""The workspace: forms keep what was typed and say what is wrong; actions change the state."""

import pytest

from participation.surveys.models import Question, Survey
from tests.surveys.helpers import answer, make_survey, questions

pytestmark = pytest.mark.django_db

BASE = "/en/manage/singburi/surveys/"


@pytest.fixture
def staff(client, staff_singburi):
    client.force_login(staff_singburi)
    return client


def test_a_new_survey_with_a_bad_window_keeps_what_was_typed(staff):
    data = {"title": "แบบสำรวจความต้องการ", "opens_at": "2025-05-02T09:00", "closes_at": "2025-05-01T09:00"}
    response = staff.post(f"{BASE}new/", {**data, "participation_level": "consult"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The survey must close after it opens." in page and "แบบสำรวจความต้องการ" in page
    assert not Survey.objects.exists()


def test_a_new_survey(staff, singburi):
    group = singburi.stakeholder_groups.first()
    response = staff.post(
        f"{BASE}new/", {"title": "แบบสำรวจ", "participation_level": "consult", "target_groups": [group.pk]}
    )
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_manage_url()
    assert list(survey.target_groups.all()) == [group]


def test_a_scale_without_its_meanings_is_refused_with_the_text_kept(staff, singburi):
    survey = make_survey(singburi, opened=False)
    section = survey.sections.get()
    data = {"section": section.pk, "kind": "rating", "text": "ความสะอาดของสถานที่", "choices_text": "ดี"}
    response = staff.post(f"{BASE}{survey.pk}/questions/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "Name every point of the scale" in page and "ความสะอาดของสถานที่" in page
    data["choices_text"] = "ไม่ดี\nพอใช้\nดี"
    assert staff.post(f"{BASE}{survey.pk}/questions/new/", data).status_code == 302
    assert survey.questions.get(text="ความสะอาดของสถานที่").choices == ["ไม่ดี", "พอใช้", "ดี"]


def test_answered_questions_are_locked_in_the_workspace(staff, singburi):
    survey = make_survey(singburi)
    answer(survey)
    rating = questions(survey)["rating"]
    page = staff.get(f"{BASE}{survey.pk}/").content.decode()
    assert "the questions are locked" in page and f"questions/{rating.pk}/remove/" not in page
    data = {"section": rating.section_id, "kind": "rating", "text": "แก้ไข", "choices_text": "ก\nข"}
    response = staff.post(f"{BASE}{survey.pk}/questions/{rating.pk}/", data)
    assert response.status_code == 200 and "Answers have arrived" in response.content.decode()
    assert Question.objects.get(pk=rating.pk).text == rating.text


def test_open_close_publish_through_the_workspace(staff, singburi):
    survey = make_survey(singburi, opened=False)
    assert staff.post(f"{BASE}{survey.pk}/open/").status_code == 302
    answer(Survey.objects.get(pk=survey.pk))
    # Publishing before closing is refused with the reason.
    response = staff.post(f"{BASE}{survey.pk}/publish/", {"summary": "สรุป"})
    assert response.status_code == 200 and "Close the survey before publishing" in response.content.decode()
    assert staff.post(f"{BASE}{survey.pk}/close/").status_code == 302
    assert staff.post(f"{BASE}{survey.pk}/publish/", {"summary": "สรุป"}).status_code == 302
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.PUBLISHED


def test_the_satisfaction_template_from_the_workspace(staff, singburi):
    response = staff.post(f"{BASE}new/satisfaction/")
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_manage_url() and survey.is_satisfaction


def test_results_and_written_answers_for_staff(staff, singburi):
    survey = make_survey(singburi)
    answer(survey, text="อยากให้มีที่จอดรถเพิ่ม")
    page = staff.get(f"{BASE}{survey.pk}/results/").content.decode()
    assert "1 response in all." in page and "Read the written answers" in page
    text = questions(survey)["long_text"]
    assert "อยากให้มีที่จอดรถเพิ่ม" in staff.get(f"{BASE}{survey.pk}/questions/{text.pk}/answers/").content.decode()
    rating = questions(survey)["rating"]
    assert staff.get(f"{BASE}{survey.pk}/questions/{rating.pk}/answers/").status_code == 404


def test_the_poster_carries_the_printed_address_and_its_qr_code(staff, singburi):
    survey = make_survey(singburi)
    page = staff.get(f"{BASE}{survey.pk}/poster/").content.decode()
    address = f"http://testserver/singburi/surveys/{survey.pk}/"
    assert f'href="{address}"' in page and '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "style=" not in page and "<script" not in page
