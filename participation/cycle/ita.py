"""How far a year's participation item of the integrity assessment is (its four parts: the issue,
who took part, the results, how the results improved the work), and the cycle's items of the OIT
checklist. One computation for the ITA page and the OIT index, from that year's records only.

A part is complete when its evidence is on record and the year is closed (its summary approved,
or the fiscal year over) or the steps it rests on are done; without evidence it is in progress
while the year runs and missing once the year is over.
"""

from django.urls import reverse
from django.utils import timezone

from participation import oit
from participation.cycle.models import Plan, PlanStep, YearSummary
from participation.cycle.stats import MEETING_SOURCES, compile_figures
from participation.evidence import PlanEvidence
from participation.vocabularies import CycleStep

# The steps of the cycle each part of the participation item rests on.
PART_STEPS = {
    "1": (CycleStep.REVIEW,),
    "2": (CycleStep.CONSULT, CycleStep.INVOLVE),
    "3": (CycleStep.CONSULT, CycleStep.INVOLVE),
    "4": (CycleStep.SUMMARIZE,),
}


def year_state(plan: Plan, *, tallies: dict, figures: dict, summary: YearSummary | None, steps, targets, today=None):
    """The state of each of the four parts ({"1": state, …}) and of the whole item."""
    today = today or timezone.localdate()
    public_meetings = sum(tallies[key].public for key in MEETING_SOURCES if key in tallies)
    with_outcomes = sum(tallies[key].sums["public_outcomes"] for key in MEETING_SOURCES if key in tallies)
    feedback, follow_up = figures.get("feedback", {}), figures["follow_up"]
    evidence = {
        "1": bool(targets or public_meetings),
        "2": bool(figures["meetings"]["attended"] or figures["meetings"]["by_group"]),
        "3": bool(with_outcomes or feedback.get("answered") or follow_up["done"]),
        "4": summary is not None,
    }
    closed = summary is not None or today > plan.date_range[1]
    done = {step.step for step in steps if step.status == PlanStep.Status.DONE}
    parts = {}
    for part, found in evidence.items():
        if found and (closed or all(step in done for step in PART_STEPS[part])):
            parts[part] = oit.COMPLETE
        else:
            parts[part] = oit.MISSING if closed else oit.IN_PROGRESS
    if all(state == oit.COMPLETE for state in parts.values()):
        whole = oit.COMPLETE
    else:
        whole = oit.MISSING if oit.MISSING in parts.values() else oit.IN_PROGRESS
    return parts, whole


def plan_state(plan: Plan) -> tuple[dict, str]:
    """`year_state` of a plan, read from its records (the sources' tallies, counted in the database)."""
    tallies = PlanEvidence(plan).year()
    summary = YearSummary.objects.approved().filter(plan=plan).first()
    return year_state(
        plan,
        tallies=tallies,
        figures=compile_figures(plan, tallies=tallies),
        summary=summary,
        steps=list(plan.steps.all()),
        targets=list(plan.targets.all()),
    )


def _plan(office, fiscal_year: int) -> Plan | None:
    return Plan.objects.for_office(office).filter(fiscal_year=fiscal_year).first()


def participation(office, fiscal_year: int) -> oit.Check:
    plan = _plan(office, fiscal_year)
    if plan is None:
        return oit.Check(oit.by_records(False, fiscal_year), reverse("cycle:plans", args=[office.slug]))
    return oit.Check(plan_state(plan)[1], reverse("cycle:ita", args=[office.slug, fiscal_year]))


def plan(office, fiscal_year: int) -> oit.Check:
    """The year's plan: on record once its first step is under way (groups targeted or step 1 started)."""
    found = _plan(office, fiscal_year)
    started = found is not None and (
        found.targets.exists() or found.steps.exclude(status=PlanStep.Status.NOT_STARTED).exists()
    )
    url = found.get_absolute_url() if found else reverse("cycle:plans", args=[office.slug])
    return oit.Check(oit.by_records(started, fiscal_year), url)


def plan_half_year(office, fiscal_year: int) -> oit.Check:
    """Progress after six months: due once the first half is over, on record when a step was under way."""
    found = _plan(office, fiscal_year)
    if timezone.localdate() <= oit.first_half_end(fiscal_year):
        state = oit.IN_PROGRESS
    else:
        moving = found is not None and found.steps.exclude(status=PlanStep.Status.NOT_STARTED).exists()
        state = oit.COMPLETE if moving else oit.MISSING
    url = found.get_absolute_url() if found else reverse("cycle:plans", args=[office.slug])
    return oit.Check(state, url)


def plan_year(office, fiscal_year: int) -> oit.Check:
    """The year's report: the approved summary."""
    approved = YearSummary.objects.for_office(office).approved().of_year(fiscal_year).exists()
    if approved:
        url = reverse("cycle:summary", args=[office.slug, fiscal_year])
    else:
        url = reverse("cycle:plans", args=[office.slug])
    return oit.Check(oit.by_records(approved, fiscal_year), url)


def register() -> None:
    oit.register_check(oit.PARTICIPATION, participation)
    oit.register_check(oit.PLAN, plan)
    oit.register_check(oit.PLAN_HALF_YEAR, plan_half_year)
    oit.register_check(oit.PLAN_YEAR, plan_year)
