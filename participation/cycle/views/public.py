"""Public pages of the yearly cycle: the plans of an office, one year's cycle with its public
evidence and coverage, each step's evidence page by page, the approved summary in the Thai
official layout, and the ITA evidence page.

A large office has thousands of records a year, so no page loads them all: figures and coverage
are counted in the database (`PlanEvidence`, the sources' tallies), the plan and ITA pages show the
first few records with a link to the step's own pages, and those pages fetch one page of records.
Queries and rows do not grow with the records. Non-public records are counted, never shown.
"""

import math

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, override
from django.views.generic import TemplateView

from participation import oit
from participation.cycle.ita import year_state
from participation.cycle.models import Plan, PlanStep, YearSummary
from participation.cycle.stats import MEETING_SOURCES, compile_figures, coverage, meetings_with_outcomes
from participation.evidence import PlanEvidence
from participation.evidence import describe as describe_evidence
from participation.evidence import labels as evidence_labels
from participation.evidence import sources as evidence_sources
from participation.fiscal import current_fiscal_year
from participation.pagination import PageWindow, page_number
from participation.views import OfficeMixin
from participation.vocabularies import CycleStep

STEP_COUNT = len(CycleStep)
FIRST_RECORDS = 5  # records of each step on the plan page, and meetings on the ITA page
STEP_PAGE_SIZE = 20  # records on each page of a step's evidence

# The decorative ring: five arcs on one circle, drawn with stroke dashes (no JavaScript).
RING_RADIUS = 46
RING_GAP = 3
RING_COLOURS = {
    PlanStep.Status.DONE: ("#198754", "#fff"),
    PlanStep.Status.IN_PROGRESS: ("#ffc107", "#000"),
    PlanStep.Status.NOT_STARTED: ("#dee2e6", "#000"),
}


def _ring(steps) -> list[dict]:
    """The arcs of the decorative cycle ring, one per step, coloured by status."""
    circumference = 2 * math.pi * RING_RADIUS
    share = circumference / STEP_COUNT
    arcs = []
    for index, step in enumerate(steps):
        angle = math.radians(-90 + (index + 0.5) * 360 / STEP_COUNT)
        stroke, text = RING_COLOURS.get(step.status, RING_COLOURS[PlanStep.Status.NOT_STARTED])
        arcs.append(
            {
                "number": index + 1,
                "dasharray": f"{share - RING_GAP:.2f} {circumference:.2f}",
                "dashoffset": f"{-index * share:.2f}",
                "stroke": stroke,
                "text": text,
                "x": f"{60 + RING_RADIUS * math.cos(angle):.1f}",
                "y": f"{60 + RING_RADIUS * math.sin(angle):.1f}",
            }
        )
    return arcs


def _labelled(items) -> list[dict]:
    """Items with the label of their source, for the evidence lists."""
    labels = {registered.item_source: registered.label for registered in evidence_sources()}
    return [{"item": item, "label": labels.get(item.source, "")} for item in items]


def _channel_labels() -> dict[str, str]:
    """Announcement channels by value, in Thai: the announcements app registers its vocabulary."""
    with override("th"):
        return evidence_labels("channel")


def get_plan(office, year: int) -> Plan:
    """The office's plan of a fiscal year, or 404."""
    return get_object_or_404(
        Plan.objects.for_office(office).select_related("office", "previous_summary__plan__office"),
        fiscal_year=year,
    )


def approved_summary(plan: Plan) -> YearSummary | None:
    return YearSummary.objects.approved().filter(plan=plan).first()


def approved_previous(plan: Plan) -> YearSummary | None:
    """Last year's summary linked to the plan, if it is approved (step 1 shows it on a line of its own)."""
    previous = plan.previous_summary
    return previous if previous is not None and previous.status == YearSummary.Status.APPROVED else None


def shown_apart(step: str, previous: YearSummary | None) -> set[str]:
    """Sources a step's evidence list leaves out because the page shows them on a line of their own."""
    return {"last_summary"} if step == CycleStep.REVIEW and previous is not None else set()


class PlanListView(OfficeMixin, TemplateView):
    template_name = "cycle/public/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(
            Plan.objects.for_office(self.office)
            .annotate(
                steps_done=Count("steps", filter=Q(steps__status=PlanStep.Status.DONE)),
                summary_status=F("summary__status"),
                summary_approved_at=F("summary__approved_at"),
            )
            .order_by("-fiscal_year")
        )
        fiscal_year = current_fiscal_year()
        context.update(
            active_section="plans",
            plans=plans,
            step_count=STEP_COUNT,
            approved=YearSummary.Status.APPROVED,
            current_year=fiscal_year,
            current_missing=all(plan.fiscal_year != fiscal_year for plan in plans),
        )
        return context


class PlanDetailView(OfficeMixin, TemplateView):
    template_name = "cycle/public/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_plan(self.office, self.kwargs["year"])
        steps = list(plan.steps.all())
        evidence = PlanEvidence(plan)
        previous = approved_previous(plan)
        cycle = []
        for step in steps:
            apart = shown_apart(step.step, previous)
            public, internal = evidence.counts(step.step, without=apart)
            first = evidence.page(step.step, limit=FIRST_RECORDS, without=apart)
            cycle.append(
                {
                    "step": step,
                    "is_review": step.step == CycleStep.REVIEW,
                    "is_summary": step.step == CycleStep.SUMMARIZE,
                    "public": _labelled(first),
                    "public_count": public,
                    "more": public - len(first),
                    "internal": internal,
                }
            )
        context.update(
            active_section="plans",
            plan=plan,
            cycle=cycle,
            ring=_ring(steps),
            steps_done=sum(1 for step in steps if step.status == PlanStep.Status.DONE),
            step_count=STEP_COUNT,
            previous_summary=previous,
            summary=approved_summary(plan),
            targets=list(plan.targets.select_related("group")),
            coverage=coverage(plan, tallies=evidence.year()),
        )
        return context


class StepEvidenceView(OfficeMixin, TemplateView):
    """All the public evidence of one step, page by page (what staff attached first, then each
    source's records, latest first); internal records are counted, never shown."""

    template_name = "cycle/public/step.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_plan(self.office, self.kwargs["year"])
        step = get_object_or_404(plan.steps.all(), step=self.kwargs["step"])
        evidence = PlanEvidence(plan)
        apart = shown_apart(step.step, approved_previous(plan))
        public, internal = evidence.counts(step.step, without=apart)
        pages = max(1, math.ceil(public / STEP_PAGE_SIZE))
        number = page_number(self.request)
        if number > pages:
            raise Http404("No such page")
        items = evidence.page(step.step, offset=(number - 1) * STEP_PAGE_SIZE, limit=STEP_PAGE_SIZE, without=apart)
        window = PageWindow(number=number, has_more=number < pages, num_pages=pages)
        context.update(
            active_section="plans",
            plan=plan,
            step=step,
            evidence=_labelled(items),
            public_count=public,
            internal=internal,
            page_obj=window,
            is_paginated=window.has_other_pages(),
            first_number=(number - 1) * STEP_PAGE_SIZE + 1,
        )
        return context


class PlanSummaryView(OfficeMixin, TemplateView):
    """The approved summary only: while it is a draft, submitted or returned it does not exist here."""

    template_name = "cycle/public/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = get_object_or_404(
            YearSummary.objects.for_office(self.office)
            .approved()
            .of_year(self.kwargs["year"])
            .select_related("plan__office")
        )
        figures = summary.figures or {}
        channel_labels = _channel_labels()
        channels = [
            {"label": channel_labels.get(key, key), "count": count}
            for key, count in (figures.get("announcements", {}).get("by_channel") or {}).items()
        ]
        context.update(
            active_section="plans",
            summary=summary,
            plan=summary.plan,
            meetings=figures.get("meetings", {}),
            announcements=figures.get("announcements", {}),
            channels=channels,
            feedback={"median_days": None, "average_rating": None, **figures.get("feedback", {})},
            follow_up=figures.get("follow_up", {}),
            hearings=figures.get("hearings", {}),
            surveys=figures.get("surveys") or {},
            groups=figures.get("groups", {}),
        )
        return context


class PlanItaView(OfficeMixin, TemplateView):
    """The integrity assessment's evidence of the participation item, assembled from the records:
    figures counted in the database, the latest public meetings with what came of them."""

    template_name = "cycle/public/ita.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_plan(self.office, self.kwargs["year"])
        evidence = PlanEvidence(plan)
        tallies = evidence.year()
        figures = compile_figures(plan, tallies=tallies, store=evidence.store)
        public_meetings = sum(tallies[key].public for key in MEETING_SOURCES if key in tallies)
        internal_meetings = sum(tallies[key].internal for key in MEETING_SOURCES if key in tallies)
        with_outcomes = meetings_with_outcomes(tallies)
        latest = evidence.latest(set(MEETING_SOURCES), limit=FIRST_RECORDS)
        # The latest public meetings with what they were about, what came of them and the follow-up done.
        meetings = [{"item": item, **details} for item, details in describe_evidence(self.office, latest)]
        meetings.sort(key=lambda meeting: meeting["starts_at"])  # in the order they were held
        steps = list(plan.steps.all())
        targets = list(plan.targets.select_related("group"))
        summary = approved_summary(plan)
        following = Plan.objects.for_office(self.office).filter(fiscal_year=plan.fiscal_year + 1).first()
        outcomes = [meeting for meeting in meetings if meeting["outcomes"]]
        done_actions = [(meeting["item"], action) for meeting in meetings for action in meeting["done_actions"]]
        # The same computation as the OIT index: complete, in progress or missing, part by part.
        parts, whole = year_state(plan, tallies=tallies, figures=figures, summary=summary, steps=steps, targets=targets)
        context.update(
            active_section="plans",
            plan=plan,
            steps=steps,
            targets=targets,
            meetings=meetings,
            public_meetings=public_meetings,
            more_meetings=max(public_meetings - len(meetings), 0),
            internal_meetings=internal_meetings,
            figures=figures,
            by_group=[
                {"label": row["name"]["en" if get_language() == "en" else "th"], "attended": row["attended"]}
                for row in figures["meetings"]["by_group"]
            ],
            outcomes=outcomes,
            more_outcomes=max(with_outcomes - len(outcomes), 0),
            done_actions=done_actions,
            summary=summary,
            following=following,
            following_links_back=bool(following and summary and following.previous_summary_id == summary.pk),
            parts=parts,
            missing={part: state == oit.MISSING for part, state in parts.items()},
            in_progress={part: state == oit.IN_PROGRESS for part, state in parts.items()},
            state=whole,
            complete=whole == oit.COMPLETE,
        )
        return context


OIT_STATES = (oit.COMPLETE, oit.IN_PROGRESS, oit.MISSING)


class PlanOitView(OfficeMixin, TemplateView):
    """The index of the integrity assessment's checklist items (OIT) that the portal evidences for the
    year, each with the page that shows it and its state, as every app reports it (participation.oit)."""

    template_name = "cycle/public/oit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_plan(self.office, self.kwargs["year"])
        language = "en" if get_language() == "en" else "th"
        rows = [
            {"code": item.code, "title": item.title(language), "check": check, "key": item.key}
            for item, check in oit.index(self.office, plan.fiscal_year)
        ]
        counts = {state: sum(1 for row in rows if row["check"].state == state) for state in OIT_STATES}
        context.update(active_section="plans", plan=plan, rows=rows, counts=counts)
        return context
