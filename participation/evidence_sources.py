"""The core's own evidence: last year's summary (step 1), hearings and feedback (step 3),
meetings with their attendance and follow-up (step 4)."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source
from participation.fiscal import fiscal_year_range
from participation.vocabularies import CycleStep


def _meeting_items(meetings) -> list[EvidenceItem]:
    from participation.models import MeetingAttendance

    meetings = list(meetings)
    attendance = MeetingAttendance.objects.filter(meeting__in=meetings).values("meeting_id", "group_id", "attended")
    groups: dict[int, list[int]] = {}
    for row in attendance:
        if row["attended"]:
            groups.setdefault(row["meeting_id"], []).append(row["group_id"])
    return [
        EvidenceItem(
            source="meetings",
            item_id=meeting.pk,
            title=meeting.title,
            url=meeting.get_absolute_url() if meeting.is_public else "",
            date=timezone.localtime(meeting.starts_at).date(),
            is_public=meeting.is_public,
            level=meeting.participation_level,
            principles=list(meeting.principles),
            groups=groups.get(meeting.pk, []),
            details={
                "kind": meeting.kind,
                "status": meeting.status,
                "attended": meeting.attended_total or 0,
                "invited": meeting.invited_total or 0,
                "actions": meeting.action_count,
                "actions_done": meeting.actions_done,
            },
        )
        for meeting in meetings
    ]


def _meetings(office, fiscal_year):
    from participation.models import FollowUpAction, Meeting

    return (
        Meeting.objects.for_office(office)
        .in_fiscal_year(fiscal_year)
        .exclude(status=Meeting.Status.CANCELLED)
        .with_totals()
        .annotate(
            action_count=Count("actions", distinct=True),
            actions_done=Count("actions", filter=Q(actions__status=FollowUpAction.Status.DONE), distinct=True),
        )
        .order_by("starts_at")
    )


def collect_meetings(office, fiscal_year):
    from participation.models import Meeting

    return _meeting_items(_meetings(office, fiscal_year).exclude(kind=Meeting.Kind.HEARING))


def collect_hearings(office, fiscal_year):
    from participation.models import Meeting

    return _meeting_items(_meetings(office, fiscal_year).filter(kind=Meeting.Kind.HEARING))


def find_meetings(office, ids):
    from participation.models import FollowUpAction, Meeting

    meetings = (
        Meeting.objects.for_office(office)
        .filter(pk__in=ids)
        .exclude(status=Meeting.Status.CANCELLED)
        .with_totals()
        .annotate(
            action_count=Count("actions", distinct=True),
            actions_done=Count("actions", filter=Q(actions__status=FollowUpAction.Status.DONE), distinct=True),
        )
    )
    return _meeting_items(meetings)


def collect_feedback(office, fiscal_year):
    """The year's feedback as one item of figures: single messages are not public evidence."""
    from participation.models import Feedback

    start, end = fiscal_year_range(fiscal_year)
    counted = (
        Feedback.objects.for_office(office).in_period(start, end).not_spam().exclude(kind=Feedback.Kind.MISCONDUCT)
    )
    figures = counted.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        rated=Count("rating"),
        rating_total=Sum("rating"),
    )
    if not figures["received"]:
        return []
    return [
        EvidenceItem(
            source="feedback",
            item_id=fiscal_year,
            title=_("Feedback received: %(received)d, answered: %(answered)d")
            % {"received": figures["received"], "answered": figures["answered"]},
            url=reverse("participation:feedback_stats", kwargs={"office": office.slug}) + f"?year={fiscal_year}",
            date=end,
            level="consult",
            principles=["participation", "accountability"],
            details=figures,
        )
    ]


def collect_last_summary(office, fiscal_year):
    from participation.models import YearSummary

    summary = (
        YearSummary.objects.filter(
            plan__office=office, plan__fiscal_year=fiscal_year - 1, status=YearSummary.Status.APPROVED
        )
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
    register_evidence_source(
        key="hearings",
        label=gettext_lazy("Hearings"),
        step=CycleStep.CONSULT,
        collect=collect_hearings,
        find=find_meetings,
    )
    register_evidence_source(
        key="feedback", label=gettext_lazy("Feedback"), step=CycleStep.CONSULT, collect=collect_feedback
    )
    register_evidence_source(
        key="meetings",
        label=gettext_lazy("Meetings"),
        step=CycleStep.INVOLVE,
        collect=collect_meetings,
        find=find_meetings,
    )
