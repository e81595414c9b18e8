"""The OIT index and the ITA page's completeness: one computation from the year's records only, for
a year in progress, a complete year and an empty year."""

import datetime

import pytest

from participation import oit
from participation.cycle import services
from participation.cycle.ita import year_state
from participation.cycle.models import PlanStep
from participation.cycle.stats import compile_figures
from participation.evidence import PlanEvidence
from participation.fiscal import current_fiscal_year
from participation.vocabularies import CycleStep
from tests.cycle.helpers import ITA, approve, populate
from tests.helpers import FY

pytestmark = pytest.mark.django_db
OIT = f"/singburi/plans/{FY}/oit/"


def states(response) -> dict[str, str]:
    return {row["key"]: row["check"].state for row in response.context["rows"]}


def test_an_empty_year_that_is_over_is_missing_everywhere_it_needs_records(client, plan):
    response = client.get(OIT)
    assert response.status_code == 200
    found = states(response)
    for key in (oit.NEWS, oit.QUESTIONS, oit.PLAN, oit.PLAN_HALF_YEAR, oit.PLAN_YEAR, oit.PARTICIPATION):
        assert found[key] == oit.MISSING, key
    # The channels and the half-yearly figures are there whatever the records ("none received" included).
    for key in (oit.COMPLAINT_CHANNEL, oit.MISCONDUCT_CHANNEL, oit.COMPLAINT_STATISTICS, oit.MISCONDUCT_STATISTICS):
        assert found[key] == oit.COMPLETE, key
    assert oit.SATISFACTION not in found  # the office never ran a survey
    page = response.content.decode()
    assert ">o25<" in page and f'href="/singburi/plans/{FY}/ita/"' in page
    ita = client.get(ITA)
    assert ita.context["state"] == oit.MISSING and not ita.context["complete"]
    assert set(ita.context["parts"].values()) == {oit.MISSING}
    assert 'data-ita="complete"' not in ita.content.decode()


def test_a_complete_year(client, plan, singburi, group, director_singburi):
    populate(singburi, 2, group)
    services.plan_targets_set(plan=plan, actor=None, targets=[(group, "ผู้รับบริการ", "เว็บไซต์")])
    approve(plan, director_singburi)
    found = states(client.get(OIT))
    assert found[oit.PARTICIPATION] == oit.COMPLETE
    assert found[oit.PLAN_YEAR] == oit.COMPLETE and found[oit.NEWS] == oit.COMPLETE
    ita = client.get(ITA)
    assert ita.context["complete"] and set(ita.context["parts"].values()) == {oit.COMPLETE}
    assert 'data-ita="complete"' in ita.content.decode()


def test_a_year_in_progress_is_never_called_complete(client, singburi, staff_singburi, group):
    """Two months into a year whose steps 3–5 have not started, with step 1 done."""
    year = current_fiscal_year()
    plan = services.plan_create(office=singburi, fiscal_year=year, actor=staff_singburi)
    services.plan_targets_set(plan=plan, actor=None, targets=[(group, "ผู้รับบริการ", "เว็บไซต์")])
    review = plan.steps.get(step=CycleStep.REVIEW)
    services.plan_step_update(
        step=review,
        actor=None,
        data={"description": "ทบทวน", "due_on": None, "responsible": "", "status": PlanStep.Status.DONE},
    )
    tallies = PlanEvidence(plan).year()
    start = plan.date_range[0]
    parts, whole = year_state(
        plan,
        tallies=tallies,
        figures=compile_figures(plan, tallies=tallies),
        summary=None,
        steps=list(plan.steps.all()),
        targets=list(plan.targets.all()),
        today=start + datetime.timedelta(days=60),
    )
    assert parts == {"1": oit.COMPLETE, "2": oit.IN_PROGRESS, "3": oit.IN_PROGRESS, "4": oit.IN_PROGRESS}
    assert whole == oit.IN_PROGRESS
    response = client.get(f"/singburi/plans/{year}/ita/")
    assert response.context["state"] != oit.COMPLETE
    assert 'data-ita="complete"' not in response.content.decode()
    found = states(client.get(f"/singburi/plans/{year}/oit/"))
    assert found[oit.PARTICIPATION] != oit.COMPLETE and found[oit.PLAN_YEAR] != oit.COMPLETE
    assert found[oit.PLAN] == oit.COMPLETE


def test_codes_are_data_of_the_year_and_later_years_reuse_the_latest(monkeypatch):
    assert {item.key: item.code for item in oit.checklist(2568)}[oit.PARTICIPATION] == "o25"
    monkeypatch.setitem(oit.CHECKLISTS, 2570, [(oit.PARTICIPATION, "o99", {"th": "การมีส่วนร่วม"})])
    assert [item.code for item in oit.checklist(2571)] == ["o99"]
    assert oit.checklist(2569)[0].code != "o99"
    assert oit.checklist(2560) == oit.checklist(2568)  # older years use the earliest table


def test_a_year_without_a_plan_has_no_index(client, singburi):
    assert client.get("/singburi/plans/2555/oit/").status_code == 404
