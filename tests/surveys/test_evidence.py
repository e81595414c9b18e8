"""Surveys in the yearly cycle: step 3's evidence, the coverage matrix, the summary's figures and
the public cycle page."""

import pytest

from participation.cycle import services as cycle_services
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import PlanEvidence, gather
from participation.surveys import services
from participation.surveys.models import Survey
from participation.vocabularies import CycleStep
from tests.cycle.helpers import at
from tests.factories import StakeholderGroupFactory
from tests.helpers import FY
from tests.surveys.helpers import answer, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_survey(singburi, staff_singburi):
    """A satisfaction survey of FY 2568, answered by one group, and a draft that is no evidence."""
    survey = make_survey(singburi, staff_singburi, opened=False, is_satisfaction=True, principles=["participation"])
    survey = services.survey_open(survey=survey, actor=staff_singburi)
    group = singburi.stakeholder_groups.first()
    answer(survey, rating=5, group=group)
    answer(survey, rating=3)
    Survey.objects.filter(pk=survey.pk).update(opens_at=at(2025, 3, 1), closes_at=None)
    make_survey(singburi, staff_singburi, title="ร่าง", opened=False)
    return survey


def test_step_three_evidence(singburi, staff_singburi, year_survey):
    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    items = [item for item in gather(plan)[CycleStep.CONSULT] if item.source == "surveys"]
    assert [item.item_id for item in items] == [year_survey.pk]
    assert items[0].details["responses"] == 2 and items[0].url == year_survey.get_absolute_url()
    assert PlanEvidence(plan).counts(CycleStep.CONSULT) == (1, 0)


def test_coverage_and_groups_reached(singburi, staff_singburi, year_survey):
    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    group = singburi.stakeholder_groups.first()
    other = StakeholderGroupFactory(office=singburi, name="ไม่ได้ตอบ")
    cycle_services.plan_targets_set(plan=plan, actor=staff_singburi, targets=[(group, "", ""), (other, "", "")])
    matrix = coverage(plan)
    consult = next(row for row in matrix["rows"] if row["level"] == "consult")
    assert matrix["activity_count"] == 1 and consult["total"] == 1
    assert matrix["never_reached"] == [other]


def test_the_summary_figures(singburi, staff_singburi, year_survey):
    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    figures = compile_figures(plan)["surveys"]
    # Ratings of 5 and 3 on a five-point scale: a mean of 4, 80 %.
    assert figures == {
        "count": 1,
        "responses": 2,
        "satisfaction": {"respondents": 2, "answers": 2, "percent": 80.0, "mean_of_5": 4.0},
    }


def test_the_public_cycle_page_lists_the_survey(client, singburi, staff_singburi, year_survey):
    cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    page = client.get(f"/en/singburi/plans/{FY}/").content.decode()
    assert year_survey.title in page and year_survey.get_absolute_url() in page
    page = client.get(f"/en/singburi/plans/{FY}/steps/consult/").content.decode()
    assert year_survey.title in page


def test_the_workspace_figures_show_satisfaction(client, singburi, staff_singburi, year_survey):
    cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    client.force_login(staff_singburi)
    page = client.get(f"/en/manage/singburi/plans/{FY}/summary/").content.decode()
    assert "Service users' satisfaction" in page and "80.0%" in page


def test_surveys_of_other_years_are_not_this_years(singburi, staff_singburi, year_survey):
    Survey.objects.filter(pk=year_survey.pk).update(opens_at=at(2025, 10, 2))
    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    assert not [item for item in gather(plan)[CycleStep.CONSULT] if item.source == "surveys"]
    assert compile_figures(plan)["surveys"]["satisfaction"] is None
