"""Survey pages run the same queries and fetch the same rows whatever the number of responses
(results pages included) or of surveys."""

import pytest

from tests.factories import OfficeFactory
from tests.helpers import page_cost
from tests.surveys.helpers import close_and_publish, fill, make_survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?group={group}"])
def test_public_results_at_two_sizes(client, singburi, query):
    survey = make_survey(singburi)
    groups = list(singburi.stakeholder_groups.all())
    fill(survey, 6, groups)
    close_and_publish(survey)
    url = f"/singburi/surveys/{survey.pk}/results/" + query.format(group=groups[0].pk)
    small = page_cost(client, url)
    survey.status = "open"  # more answers arrive as if it were still open
    survey.save(update_fields=["status"])
    fill(survey, 60, groups)
    survey.status = "published"
    survey.save(update_fields=["status"])
    assert page_cost(client, url) == small


@pytest.mark.parametrize("tail", ["results/", "", "questions/{text}/answers/", "poster/", "edit/"])
def test_workspace_pages_at_two_sizes(client, singburi, staff_singburi, tail):
    client.force_login(staff_singburi)
    survey = make_survey(singburi, staff_singburi)
    text = survey.questions.get(kind="long_text").pk
    fill(survey, 55)  # past the written answers' page of 50
    url = f"/manage/singburi/surveys/{survey.pk}/{tail.format(text=text)}"
    small = page_cost(client, url)
    fill(survey, 80)
    assert page_cost(client, url) == small


@pytest.mark.parametrize("url", ["/singburi/surveys/", "/singburi/surveys/?page=2", "/manage/singburi/surveys/"])
def test_lists_at_two_sizes(client, singburi, staff_singburi, url):
    client.force_login(staff_singburi)

    def grow(n):
        for index in range(n):
            survey = make_survey(singburi, title=f"แบบสำรวจ {index}")
            fill(survey, index % 2)
            if index % 2:
                close_and_publish(survey)

    # Both sizes fill every list: 20 taking answers, and two pages of the others.
    grow(70)
    small = page_cost(client, url)
    grow(6)
    make_survey(OfficeFactory())
    assert page_cost(client, url) == small


def test_the_csv_holds_every_response(client, singburi, staff_singburi):
    client.force_login(staff_singburi)
    survey = make_survey(singburi)
    fill(survey, 7)
    response = client.get(f"/manage/singburi/surveys/{survey.pk}/responses.csv")
    body = b"".join(response.streaming_content).decode()
    lines = body.strip("\ufeff").strip().splitlines()
    assert len(lines) == 8
    assert "ความเห็น 6" in body and "พอใจมาก" in body  # text answers, and points by their meaning
