"""Which meeting pages the page cache may keep, and what makes them change."""

from django.db.models import Min, Q

from participation import freshness
from participation.meetings.models import (
    Attendee,
    FollowUpAction,
    Meeting,
    MeetingAttendance,
    MeetingFile,
    Registration,
)


def next_start_or_end(office_slug, now):
    """When the next planned meeting starts or ends: lists move it from upcoming to past."""
    planned = Meeting.objects.public().filter(status=Meeting.Status.PLANNED, ends_at__gt=now)
    if office_slug is not None:
        planned = planned.filter(office__slug=office_slug)
    moments = planned.aggregate(start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at"))
    return min((moment for moment in moments.values() if moment is not None), default=None)


def register() -> None:
    freshness.register_public_pages("meetings:list", "meetings:ics", "meetings:detail", "meetings:detail_ics")
    freshness.watch(Meeting, office=lambda meeting: meeting.office)
    for model in (MeetingAttendance, MeetingFile, FollowUpAction, Registration, Attendee):
        freshness.watch(model, office=lambda record: record.meeting.office)
    freshness.register_schedule(next_start_or_end)
