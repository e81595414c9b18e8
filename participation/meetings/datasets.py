"""What meetings publish as open data: public meetings with their attendance by stakeholder group
and their follow-up actions. Internal meetings, named attendees and registrations never leave."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.meetings.models import FollowUpAction, Meeting, MeetingAttendance
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

ATTENDANCE_COLUMNS = (
    Column("group", "integer", _("Number of the stakeholder group (see the stakeholder groups dataset)")),
    Column("group_name", "string", _("Name of the group in Thai")),
    Column("group_name_en", "string", _("Name of the group in English")),
    Column("invited", "integer", _("People of the group invited")),
    Column("attended", "integer", _("People of the group who came (empty until counted)"), nullable=True),
)

ACTION_COLUMNS = (
    Column("description", "text", _("Resolution or action")),
    Column("owner", "string", _("Who is responsible")),
    Column("due_on", "date", _("Due date"), nullable=True),
    Column("status", "code", _("How far it is"), choices=FollowUpAction.Status),
    Column("result", "text", _("What was done")),
)

COLUMNS = (
    Column("id", "integer", _("Number of the meeting, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("title", "string", _("Title")),
    Column("kind", "code", _("Seminar, workshop, hearing, committee meeting, …"), choices=Meeting.Kind),
    Column("status", "code", _("Planned, held or cancelled"), choices=Meeting.Status),
    Column("starts_at", "datetime", _("Start")),
    Column("ends_at", "datetime", _("End")),
    Column("venue", "string", _("Venue")),
    Column("address", "text", _("Address of the venue")),
    Column("online_url", "string", _("Link to join online")),
    Column("chair_name", "string", _("Chairperson")),
    Column("chair_position", "string", _("Chairperson's position")),
    Column("objectives", "list", _("Objectives"), item="string"),
    Column("agenda", "text", _("Agenda")),
    Column("minutes", "text", _("Minutes")),
    Column("outcomes", "text", _("Outcomes")),
    Column("cancel_reason", "text", _("Why it was cancelled")),
    Column("participation_level", "code", _("Participation level"), choices=ParticipationLevel),
    Column("principles", "list", _("Good-governance principles it serves"), item="code", choices=GovernancePrinciple),
    Column("invited_total", "integer", _("People invited, all groups")),
    Column("attended_total", "integer", _("People who came, all groups (empty until counted)"), nullable=True),
    Column("attendance", "list", _("Invited and attended by stakeholder group"), columns=ATTENDANCE_COLUMNS),
    Column("follow_up", "list", _("Follow-up actions decided at the meeting"), columns=ACTION_COLUMNS),
    Column("url", "url", _("Public page of the meeting")),
    Column("updated_at", "datetime", _("Last change")),
)


def records():
    return (
        Meeting.objects.public()
        .select_related("office")
        .prefetch_related(
            Prefetch(
                "attendance", queryset=MeetingAttendance.objects.select_related("group").order_by("group__position")
            ),
            Prefetch("actions", queryset=FollowUpAction.objects.order_by("position", "pk")),
        )
    )


def row(meeting: Meeting) -> dict:
    attendance = list(meeting.attendance.all())
    counted = [entry.attended for entry in attendance if entry.attended is not None]
    return {
        "id": meeting.pk,
        "office": meeting.office.slug,
        "title": meeting.title,
        "kind": meeting.kind,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "address": meeting.address,
        "online_url": meeting.online_url,
        "chair_name": meeting.chair_name,
        "chair_position": meeting.chair_position,
        "objectives": [str(objective) for objective in meeting.objectives or []],
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "outcomes": meeting.outcomes,
        "cancel_reason": meeting.cancel_reason if meeting.status == Meeting.Status.CANCELLED else "",
        "participation_level": meeting.participation_level,
        "principles": [value for value in meeting.principles if value in GovernancePrinciple.values],
        "invited_total": sum(entry.invited for entry in attendance),
        "attended_total": sum(counted) if counted else None,
        "attendance": [
            {
                "group": entry.group_id,
                "group_name": entry.group.name,
                "group_name_en": entry.group.name_en,
                "invited": entry.invited,
                "attended": entry.attended,
            }
            for entry in attendance
        ],
        "follow_up": [
            {
                "description": action.description,
                "owner": action.owner,
                "due_on": action.due_on,
                "status": action.status,
                "result": action.result,
            }
            for action in meeting.actions.all()
        ],
        "url": meeting.get_absolute_url(),
        "updated_at": meeting.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="meetings",
            title=_("Meetings"),
            description=_(
                "Public meetings, seminars, workshops and hearings of the offices, with how many people of each "
                "stakeholder group were invited and came, and the follow-up actions decided. Names of attendees "
                "are never published."
            ),
            columns=COLUMNS,
            read=records_reader(records, row, fiscal_year=lambda queryset, year: queryset.in_fiscal_year(year)),
            filters=frozenset({"office", "fiscal_year", "kind", "updated_since"}),
            kinds=Meeting.Kind,
            keywords=("meetings", "attendance", "การประชุม", "การมีส่วนร่วม"),
            order=30,
        )
    )
