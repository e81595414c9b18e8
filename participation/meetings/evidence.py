"""Meetings as evidence of the cycle: hearings for step 3, the other meetings with their
attendance and follow-up for step 4. Registered with the core in MeetingsConfig.ready()."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source
from participation.meetings.models import FollowUpAction, Meeting, MeetingAttendance
from participation.vocabularies import CycleStep


def _meeting_items(meetings) -> list[EvidenceItem]:
    meetings = list(meetings)
    attendance = MeetingAttendance.objects.filter(meeting__in=meetings).values("meeting_id", "group_id", "attended")
    attended: dict[int, dict[int, int]] = {}
    for row in attendance:
        if row["attended"]:
            by_group = attended.setdefault(row["meeting_id"], {})
            by_group[row["group_id"]] = by_group.get(row["group_id"], 0) + row["attended"]
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
            groups=list(attended.get(meeting.pk, {})),
            details={
                "kind": meeting.kind,
                "status": meeting.status,
                "attended": meeting.attended_total or 0,
                "invited": meeting.invited_total or 0,
                "actions": meeting.action_count,
                "actions_done": meeting.actions_done,
                # People who took part, by stakeholder group id: the summary's figures add these up.
                "by_group": attended.get(meeting.pk, {}),
            },
        )
        for meeting in meetings
    ]


def _meetings(office, fiscal_year):
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
    return _meeting_items(_meetings(office, fiscal_year).exclude(kind=Meeting.Kind.HEARING))


def collect_hearings(office, fiscal_year):
    return _meeting_items(_meetings(office, fiscal_year).filter(kind=Meeting.Kind.HEARING))


def find_meetings(office, ids):
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


def describe_meetings(office, ids) -> dict[int, dict]:
    """What the public may read of these meetings: objectives, outcomes and the follow-up done."""
    meetings = (
        Meeting.objects.for_office(office)
        .public()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.filter(status=FollowUpAction.Status.DONE),
                to_attr="done_actions",
            )
        )
    )
    return {
        meeting.pk: {
            "starts_at": meeting.starts_at,
            "objectives": list(meeting.objectives),
            "outcomes": meeting.outcomes,
            "done_actions": [{"description": a.description, "result": a.result} for a in meeting.done_actions],
        }
        for meeting in meetings
    }


def register():
    register_evidence_source(
        key="hearings",
        label=gettext_lazy("Hearings"),
        step=CycleStep.CONSULT,
        collect=collect_hearings,
        find=find_meetings,
        describe=describe_meetings,
    )
    register_evidence_source(
        key="meetings",
        label=gettext_lazy("Meetings"),
        step=CycleStep.INVOLVE,
        collect=collect_meetings,
        find=find_meetings,
        describe=describe_meetings,
    )
