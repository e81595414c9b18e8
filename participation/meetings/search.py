"""What search finds of meetings and their follow-up actions: public ones, and all of the office for its staff."""

from django.utils.translation import gettext_lazy as _

from participation.meetings.models import FollowUpAction, Meeting
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
MEETING_FIELDS = ("title", "venue", "agenda", "minutes", "outcomes")
ACTION_FIELDS = ("description", "result")


def public_meetings():
    return Meeting.objects.public().filter(office__is_active=True).select_related("office")


def staff_meetings(standing):
    """Every meeting of the office, internal ones included."""
    return Meeting.objects.for_office(standing.office).select_related("office")


def describe_meeting(meeting, *, staff: bool) -> dict:
    return {
        "title": meeting.title,
        "url": meeting.get_manage_url() if staff else meeting.get_absolute_url(),
        "date": meeting.starts_at,
        "office": meeting.office,
        "details": {"status": meeting.get_status_display()} if meeting.status != Meeting.Status.HELD else {},
    }


def public_actions():
    return FollowUpAction.objects.filter(meeting__is_public=True, meeting__office__is_active=True).select_related(
        "meeting__office"
    )


def staff_actions(standing):
    return FollowUpAction.objects.through_meetings_of(standing.office).select_related("meeting__office")


def describe_action(action, *, staff: bool) -> dict:
    meeting = action.meeting
    return {
        "title": str(action),
        "url": meeting.get_manage_url() if staff else f"{meeting.get_absolute_url()}#action-{action.pk}",
        "date": action.due_on,
        "office": meeting.office,
        "details": {"status": action.get_status_display(), "meeting": meeting.title},
    }


def register() -> None:
    register_search_source(
        key="meetings",
        label=_("Meetings"),
        order=20,
        public=public_meetings,
        staff=staff_meetings,
        fields=MEETING_FIELDS,
        title="title",
        date="starts_at",
        describe=describe_meeting,
    )
    register_search_source(
        key="follow_up",
        label=_("Follow-up actions"),
        order=25,
        public=public_actions,
        staff=staff_actions,
        fields=ACTION_FIELDS,
        title="description",
        # Newest first by their meeting: read through the meetings' date indexes, in one office or all.
        date="meeting__starts_at",
        office="meeting__office",
        describe=describe_action,
    )
