"""The public side: answering without an account (and its refusals), the closed page, the results,
the QR code; forms readable by assistive technology."""

import io
import re

import pytest
import segno
from django.test import override_settings

from participation.surveys import services
from participation.surveys.models import Response, Survey
from tests.factories import StakeholderGroupFactory
from tests.surveys.helpers import answer, close_and_publish, fill, form_data, later, make_survey, questions

pytestmark = pytest.mark.django_db


def url(survey, tail=""):
    return f"/{survey.office.slug}/surveys/{survey.pk}/{tail}"


class TestAnswering:
    def test_a_citizen_answers(self, client, singburi):
        survey = make_survey(singburi)
        group = singburi.stakeholder_groups.first()
        data = form_data(survey, rating="4", single="2", multiple=["1", "3"], long_text="ป้ายไม่ชัด")
        response = client.post(url(survey), {**data, "group": group.pk})
        assert response.status_code == 302 and response["Location"] == url(survey, "thanks/")
        assert client.cookies["survey_device"]["httponly"]
        kept = Response.objects.get()
        assert kept.group == group and kept.answers.count() == 5
        assert "Thank you" in client.get("/en" + url(survey, "thanks/")).content.decode()

    def test_the_device_remembers_and_a_second_answer_is_marked(self, client, singburi):
        survey = make_survey(singburi)
        client.post(url(survey), form_data(survey, rating="4"))
        page = client.get("/en" + url(survey)).content.decode()
        assert "This device has answered this survey already" in page
        client.post(url(survey), form_data(survey, rating="5"))
        assert list(Response.objects.order_by("pk").values_list("is_repeat", flat=True)) == [False, True]

    def test_a_double_click_is_one_response(self, client, singburi):
        survey = make_survey(singburi)
        data = form_data(survey, rating="4")
        client.post(url(survey), data)
        client.post(url(survey), data)
        assert Response.objects.count() == 1

    def test_a_missing_answer_shows_the_form_again_with_the_answers_given(self, client, singburi):
        survey = make_survey(singburi)
        data = form_data(survey, single="2", long_text="ข้อความที่พิมพ์ไว้")
        response = client.post("/en" + url(survey), data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Choose an answer to this question" in page and "This field is required." not in page
        assert "ข้อความที่พิมพ์ไว้" in page
        single = questions(survey)["single"]
        assert re.search(rf'value="2"[^>]*name="q{single.pk}"|name="q{single.pk}" value="2"[^>]*checked', page)
        assert not Response.objects.exists()

    def test_thai_messages_for_thai_pages(self, client, singburi):
        survey = make_survey(singburi)
        page = client.post(url(survey), form_data(survey)).content.decode()
        assert 'lang="th"' in page and "Choose an answer to this question" not in page

    def test_too_fast_is_shown_again(self, client, singburi):
        survey = make_survey(singburi)
        data = {**form_data(survey, rating="3", long_text="ข้อความ"), "started": "tampered"}
        response = client.post("/en" + url(survey), data)
        assert response.status_code == 400
        assert "Please check your answers once more" in response.content.decode()
        assert "ข้อความ" in response.content.decode()
        assert not Response.objects.exists()

    def test_a_robot_is_thanked_and_nothing_is_kept(self, client, singburi):
        survey = make_survey(singburi)
        response = client.post(url(survey), {**form_data(survey, rating="3"), "website": "http://spam.example"})
        assert response.status_code == 302
        assert not Response.objects.exists()

    @override_settings(RATE_LIMITS={"survey": (1, 600)})
    def test_too_many_answers_from_one_address(self, client, singburi):
        survey = make_survey(singburi)
        assert client.post(url(survey), form_data(survey, rating="3")).status_code == 302
        response = client.post("/en" + url(survey), form_data(survey, rating="2", long_text="เก็บไว้"))
        assert response.status_code == 429 and response["Retry-After"]
        assert "เก็บไว้" in response.content.decode()
        assert Response.objects.count() == 1

    def test_a_refused_form_does_not_count_against_the_address(self, client, singburi):
        survey = make_survey(singburi)
        with override_settings(RATE_LIMITS={"survey": (1, 600)}):
            for _attempt in range(3):
                assert client.post(url(survey), form_data(survey)).status_code == 400
            assert client.post(url(survey), form_data(survey, rating="3")).status_code == 302


class TestClosedAndHidden:
    def test_a_closed_survey_says_so_and_refuses_answers(self, client, singburi):
        survey = services.survey_close(survey=make_survey(singburi), actor=None)
        page = client.get("/en" + url(survey))
        assert page.status_code == 200
        assert "This survey has closed" in page.content.decode() and '<form method="post"' not in page.content.decode()
        response = client.post("/en" + url(survey), form_data(survey, rating="4"))
        assert response.status_code == 409
        assert "Your answers were not kept: this survey has closed." in response.content.decode()
        assert not Response.objects.exists()

    def test_past_its_closing_time(self, client, singburi):
        survey = make_survey(singburi)
        Survey.objects.filter(pk=survey.pk).update(opens_at=later(-3), closes_at=later(-1))
        assert client.post("/en" + url(survey), form_data(survey, rating="4")).status_code == 409

    def test_not_yet_open(self, client, singburi):
        survey = make_survey(singburi)
        Survey.objects.filter(pk=survey.pk).update(opens_at=later(3))
        page = client.get("/en" + url(survey)).content.decode()
        assert "This survey opens on" in page and 'name="token"' not in page

    def test_a_draft_has_no_public_page(self, client, singburi, staff_singburi):
        survey = make_survey(singburi, opened=False)
        client.force_login(staff_singburi)
        for tail in ["", "results/", "qr.svg", "thanks/"]:
            assert client.get(url(survey, tail)).status_code == 404

    def test_another_office_address_is_a_404(self, client, singburi, chainat):
        survey = make_survey(singburi)
        assert client.get(f"/chainat/surveys/{survey.pk}/").status_code == 404


class TestAccessibility:
    def test_every_question_is_labelled_and_every_scale_is_a_fieldset_with_a_legend(self, client, singburi):
        survey = make_survey(singburi)
        page = client.get("/en" + url(survey)).content.decode()
        by_kind = questions(survey)
        fieldsets = re.findall(r"<fieldset[^>]*>\s*<legend[^>]*>(.*?)</legend>(.*?)</fieldset>", page, re.S)
        legends = {
            re.sub(r"<.*?>", "", legend).replace("(required)", "").rstrip(" *"): body for legend, body in fieldsets
        }
        for kind in ["rating", "single", "multiple"]:
            assert by_kind[kind].text in legends, kind
        rating_body = legends[by_kind["rating"].text]
        # Every point of the scale has its own label saying what it means.
        for number, meaning in by_kind["rating"].points:
            input_id = f"id_q{by_kind['rating'].pk}_{number - 1}"
            assert re.search(rf'<label[^>]+for="{input_id}"[^>]*>.*?{number}.*?{meaning}</label>', rating_body, re.S)
        text = by_kind["long_text"]
        assert f'<label for="id_q{text.pk}"' in page
        assert 'for="id_group"' in page
        # Required questions say so in words, not only with a star.
        assert "(required)" in page

    def test_errors_are_tied_to_their_questions(self, client, singburi):
        survey = make_survey(singburi)
        page = client.post("/en" + url(survey), form_data(survey)).content.decode()
        rating = questions(survey)["rating"]
        assert f'aria-describedby="id_q{rating.pk}_error"' in page
        assert f'id="id_q{rating.pk}_error"' in page
        assert 'role="alert"' in page

    def test_no_inline_script_or_style(self, client, singburi):
        survey = make_survey(singburi)
        answer(survey)
        close_and_publish(survey)
        for tail in ["", "results/"]:
            page = client.get(url(survey, tail)).content.decode()
            assert "<script" not in page and "style=" not in page


class TestResults:
    def test_results_are_public_only_once_published(self, client, singburi):
        survey = make_survey(singburi)
        fill(survey, 5)
        assert client.get(url(survey, "results/")).status_code == 404
        close_and_publish(survey, summary="จะเพิ่มป้ายบอกทาง")
        page = client.get("/en" + url(survey, "results/")).content.decode()
        assert "5 responses in all." in page and "จะเพิ่มป้ายบอกทาง" in page
        # The rating: 1 to 5 once each: mean 3.
        assert "Mean: 3.00 of 5." in page
        assert page.count('<svg class="result-chart"') == 3 and page.count('role="img"') == 3
        # Each chart has its data table: 5 points, 3 choices, 3 choices.
        assert page.count("<tbody><tr>") == 3
        # Written answers stay with the staff.
        assert "ความเห็น 0" not in page

    def test_results_by_group(self, client, singburi):
        first = singburi.stakeholder_groups.first()
        second = StakeholderGroupFactory(office=singburi, name="ผู้ปกครอง", name_en="Parents")
        survey = make_survey(singburi)
        answer(survey, rating=5, group=first)
        answer(survey, rating=5, group=first)
        answer(survey, rating=1, group=second)
        close_and_publish(survey)
        page = client.get("/en" + url(survey, f"results/?group={second.pk}")).content.decode()
        assert "1 response from Parents." in page and "Mean: 1.00 of 5." in page
        page = client.get("/en" + url(survey, "results/?group=nonsense")).content.decode()
        assert "3 responses in all." in page

    def test_the_qr_code_leads_to_the_survey(self, client, singburi):
        survey = make_survey(singburi)
        response = client.get(url(survey, "qr.svg"))
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        expected = segno.make(f"http://testserver{url(survey)}", error="m")
        out = io.BytesIO()
        expected.save(out, kind="svg", xmldecl=False, svgns=True, scale=8, nl=False)
        path = re.search(rb' d="([^"]+)"', out.getvalue()).group(1)
        assert path in response.content

    def test_the_list(self, client, singburi):
        open_survey = make_survey(singburi, title="เปิดอยู่")
        published = close_and_publish(make_survey(singburi, title="ปิดแล้ว"))
        draft = make_survey(singburi, title="ร่างยังไม่เผยแพร่", opened=False)
        page = client.get("/en/singburi/surveys/").content.decode()
        assert open_survey.title in page and published.title in page and draft.title not in page
        assert url(published, "results/") in page


def test_the_form_and_the_results_stay_within_the_page_budget(client, singburi):
    from tests.test_page_weight import BUDGET, page_weight

    survey = services.survey_create_satisfaction(office=singburi, actor=None, fiscal_year=2568)
    survey = services.survey_open(survey=survey, actor=None)
    total, assets = page_weight(client, url(survey))
    assert "surveys/surveys.css" in assets and total <= BUDGET
    close_and_publish(survey)
    total, _assets = page_weight(client, url(survey, "results/"))
    assert total <= BUDGET
