"""Which pages of the yearly cycle the page cache may keep, and what makes them change."""

from participation import freshness
from participation.cycle.models import EvidenceLink, Plan, PlanStep, StakeholderTarget, YearSummary

OIT_SECONDS = 300


def register() -> None:
    freshness.register_public_pages("cycle:plans", "cycle:plan", "cycle:step", "cycle:summary", "cycle:ita")
    # The OIT index reads other apps' records too (feedback answered, surveys, the half-year's end),
    # which change no version of the cycle's: it may lag this long.
    freshness.register_public_pages("cycle:oit", timeout=OIT_SECONDS)
    freshness.watch(Plan, office=lambda plan: plan.office)
    for model in (PlanStep, StakeholderTarget, EvidenceLink, YearSummary):
        freshness.watch(model, office=lambda record: record.plan.office)
