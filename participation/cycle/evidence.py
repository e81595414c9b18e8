"""Last year's approved summary as evidence of step 1, and the cycle's part of the national overview's
figures (the plan's progress, coverage and each ITA part's state). Registered in CycleConfig.ready()."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation import oit
from participation.cycle.ita import PART_STEPS, year_state
from participation.cycle.models import Plan, PlanStep, YearSummary
from participation.cycle.stats import compile_figures, coverage, year_tallies
from participation.evidence import EvidenceItem, register_evidence_source
from participation.vocabularies import CycleStep, GovernancePrinciple, ParticipationLevel


def collect_last_summary(office, fiscal_year):
    summary = (
        YearSummary.objects.for_office(office)
        .approved()
        .of_year(fiscal_year - 1)
        .select_related("plan__office")
        .first()
    )
    if summary is None:
        return []
    return [
        EvidenceItem(
            source="last_summary",
            item_id=summary.pk,
            title=_("Approved summary of fiscal year %(year)d") % {"year": fiscal_year - 1},
            url=summary.get_absolute_url(),
            date=timezone.localtime(summary.approved_at).date() if summary.approved_at else None,
        )
    ]


def register():
    register_evidence_source(
        key="last_summary",
        label=gettext_lazy("Last year's summary"),
        step=CycleStep.REVIEW,
        collect=collect_last_summary,
    )


def office_figures(office, fiscal_year: int) -> dict:
    """The cycle's part of the national overview: how far the year's plan went, its summary, the
    coverage of levels, principles and targeted groups, and what the ITA evidence still lacks."""
    plan = Plan.objects.for_office(office).filter(fiscal_year=fiscal_year).select_related("office").first()
    if plan is None:
        return {"ita_missing": len(PART_STEPS)}
    summary = YearSummary.objects.filter(plan=plan).only("status").first()
    tallies = year_tallies(plan)
    figures = compile_figures(plan, tallies=tallies)
    covered = coverage(plan, tallies=tallies)
    targeted = len(covered["targeted"])
    approved = summary is not None and summary.status == YearSummary.Status.APPROVED
    steps = list(plan.steps.all())
    parts, _whole = year_state(
        plan,
        tallies=tallies,
        figures=figures,
        summary=summary if approved else None,
        steps=steps,
        targets=list(plan.targets.all()),
    )
    return {
        "has_plan": True,
        "steps_done": sum(step.status == PlanStep.Status.DONE for step in steps),
        "summary_status": summary.status if summary is not None else "",
        "levels_covered": len(ParticipationLevel) - len(covered["missing_levels"]),
        "principles_covered": len(GovernancePrinciple) - len(covered["missing_principles"]),
        "groups_targeted": targeted,
        "groups_reached": targeted - len(covered["never_reached"]),
        "ita_parts": parts,
        "ita_missing": sum(state != oit.COMPLETE for state in parts.values()),
    }
