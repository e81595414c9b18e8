"""State changes of meetings: plan, edit, record attendance, mark held, cancel, files,
follow-up actions, and public registration with a capacity limit."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.meetings.models import (
    Attendee,
    FollowUpAction,
    Meeting,
    MeetingAttendance,
    MeetingFile,
    Registration,
)
from participation.meetings.tasks import send_meeting_cancelled, send_registration_confirmation
from participation.models import AuditEvent, Office, StakeholderGroup
from participation.models.files import delete_files_on_commit
from participation.notices import Update, publish_update
from participation.uploads import CheckedFile, files_atomic

CONTENT_FIELDS = [
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "online_url",
    "chair_name",
    "chair_position",
    "objectives",
    "agenda",
    "minutes",
    "outcomes",
    "participation_level",
    "principles",
    "is_public",
    "registration_open",
    "capacity",
]


def _tell_subscribers(meeting: Meeting) -> None:
    """A public meeting still to come: the office's subscribers hear of it (once, however often it is saved)."""
    if meeting.is_public and meeting.is_upcoming:
        publish_update(Update(source="meetings", office_id=meeting.office_id, pk=meeting.pk))


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("office").get(pk=meeting.pk)


def _office_groups(office: Office, groups) -> list[StakeholderGroup]:
    ids = {group.pk for group in groups}
    return list(StakeholderGroup.objects.for_office(office).filter(pk__in=ids))


def _check_capacity(meeting: Meeting, capacity: int | None) -> None:
    if capacity is None or not meeting.pk:
        return
    registered = meeting.registrations.count()
    if capacity < registered:
        raise ValidationError(
            {
                "capacity": _("%(count)d people have registered already; the capacity cannot be lower.")
                % {"count": registered}
            },
            code="capacity_below_registrations",
        )


@transaction.atomic
def meeting_create(*, office: Office, actor: User | None, data: dict, invited_groups=()) -> Meeting:
    """Plan a meeting; the invited groups get an attendance row each."""
    meeting = Meeting(office=office, created_by=actor, updated_by=actor)
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    meeting.full_clean()
    meeting.save()
    for group in _office_groups(office, invited_groups):
        MeetingAttendance.objects.create(meeting=meeting, group=group)
    AuditEvent.record(actor=actor, action="meeting.created", target=meeting)
    _tell_subscribers(meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User | None, data: dict, invited_groups=None) -> Meeting:
    """Change what is known of a meeting; a cancelled one stays as it was."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting can no longer be changed."), code="cancelled")
    if "capacity" in data:
        _check_capacity(meeting, data["capacity"])
    changed = [field for field in CONTENT_FIELDS if field in data and getattr(meeting, field) != data[field]]
    for field in changed:
        setattr(meeting, field, data[field])
    meeting.full_clean()
    meeting.updated_by = actor
    meeting.save(update_fields=[*changed, "updated_by", "updated_at"])
    if invited_groups is not None:
        wanted = {group.pk for group in _office_groups(meeting.office, invited_groups)}
        existing = set(meeting.attendance.values_list("group_id", flat=True))
        for group_id in wanted - existing:
            MeetingAttendance.objects.create(meeting=meeting, group_id=group_id)
        # A group that already has people counted stays: removing it would lose the figures.
        meeting.attendance.filter(group_id__in=existing - wanted, attended__isnull=True, invited=0).delete()
    AuditEvent.record(actor=actor, action="meeting.changed", target=meeting, fields=changed)
    if "is_public" in changed:
        _tell_subscribers(meeting)
    return meeting


@transaction.atomic
def meeting_set_attendance(
    *, meeting: Meeting, actor: User | None, rows: list[tuple[StakeholderGroup, int, int | None]]
) -> Meeting:
    """Record invited and attended people per group; the total is always their sum."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no attendance."), code="cancelled")
    allowed = {group.pk for group in _office_groups(meeting.office, [group for group, _i, _a in rows])}
    for group, invited, attended in rows:
        if group.pk not in allowed:
            raise ValidationError(_("That stakeholder group is not one of this office's."), code="foreign_group")
        if invited < 0 or (attended is not None and attended < 0):
            raise ValidationError(_("People cannot be counted below zero."), code="negative")
        MeetingAttendance.objects.update_or_create(
            meeting=meeting, group=group, defaults={"invited": invited, "attended": attended}
        )
    meeting.updated_by = actor
    meeting.save(update_fields=["updated_by", "updated_at"])
    AuditEvent.record(
        actor=actor,
        action="meeting.attendance_recorded",
        target=meeting,
        attended=sum(attended or 0 for _g, _i, attended in rows),
    )
    return meeting


@transaction.atomic
def meeting_set_attendees(
    *, meeting: Meeting, actor: User | None, names_by_group: dict[StakeholderGroup, list[tuple]]
) -> int:
    """Replace the named attendees, group by group; returns how many there are now."""
    meeting = _locked(meeting)
    allowed = {group.pk for group in _office_groups(meeting.office, names_by_group)}
    meeting.attendees.all().delete()
    count = 0
    for group, people in names_by_group.items():
        if group.pk not in allowed:
            raise ValidationError(_("That stakeholder group is not one of this office's."), code="foreign_group")
        for name, organisation in people:
            Attendee.objects.create(meeting=meeting, group=group, name=name[:200], organisation=organisation[:200])
            count += 1
    AuditEvent.record(actor=actor, action="meeting.attendees_recorded", target=meeting, count=count)
    return count


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None, minutes: str, outcomes: str) -> Meeting:
    """The meeting took place: keep its minutes and outcomes."""
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."), code="not_planned")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not started yet."), code="in_future")
    meeting.status, meeting.minutes, meeting.outcomes = Meeting.Status.HELD, minutes, outcomes
    meeting.registration_open = False
    meeting.updated_by = actor
    meeting.save(update_fields=["status", "minutes", "outcomes", "registration_open", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="meeting.held", target=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User | None, reason: str) -> Meeting:
    """Cancel a planned meeting; its page stays, marked, and registrants are told by e-mail."""
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."), code="not_planned")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the meeting is cancelled."), code="no_reason")
    meeting.status, meeting.cancel_reason, meeting.registration_open = Meeting.Status.CANCELLED, reason, False
    meeting.updated_by = actor
    meeting.save(update_fields=["status", "cancel_reason", "registration_open", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="meeting.cancelled", target=meeting, reason=reason)
    registration_ids = list(meeting.registrations.values_list("pk", flat=True))
    transaction.on_commit(lambda: [send_meeting_cancelled.enqueue(registration_id=pk) for pk in registration_ids])
    return meeting


@files_atomic  # the files stored and the rows saved: both or neither
def meeting_add_files(*, meeting: Meeting, actor: User | None, files: list[CheckedFile]) -> list[MeetingFile]:
    """Attach photos (already re-encoded) and documents."""
    meeting = _locked(meeting)
    limit = settings.MEETING_FILES_MAX
    if meeting.files.count() + len(files) > limit:
        raise ValidationError(
            _("A meeting may have at most %(limit)d photos and documents.") % {"limit": limit}, code="too_many_files"
        )
    added = []
    for checked in files:
        item = MeetingFile.build(checked, meeting=meeting, uploaded_by=actor)
        item.save()
        added.append(item)
    AuditEvent.record(actor=actor, action="meeting.files_added", target=meeting, count=len(added))
    return added


@transaction.atomic
def meeting_remove_file(*, item: MeetingFile, actor: User | None) -> None:
    AuditEvent.record(actor=actor, action="meeting.file_removed", target=item.meeting, file=item.original_name)
    item.delete()
    delete_files_on_commit([item.file.name])


@transaction.atomic
def follow_up_save(
    *, meeting: Meeting, actor: User | None, action: FollowUpAction | None, data: dict
) -> FollowUpAction:
    """Add a follow-up action to a meeting, or change one (its status, what was done)."""
    if action is None:
        action = FollowUpAction(meeting=meeting, office_id=meeting.office_id, position=meeting.actions.count())
        verb = "meeting.action_added"
    else:
        action = FollowUpAction.objects.select_for_update().get(pk=action.pk, meeting=meeting)
        verb = "meeting.action_changed"
    previous = action.status
    for field in ["description", "owner", "due_on", "status", "result"]:
        if field in data:
            setattr(action, field, data[field])
    action.full_clean()
    action.save()
    AuditEvent.record(
        actor=actor, action=verb, target=meeting, follow_up=action.pk, status=action.status, previous=previous
    )
    return action


@transaction.atomic
def registration_create(*, meeting: Meeting, data: dict) -> Registration:
    """Register someone for a public meeting, within its capacity; the confirmation goes by e-mail."""
    # The lock makes two people taking the last seat at the same moment queue up.
    meeting = _locked(meeting)
    if not meeting.accepts_registrations:
        raise ValidationError(_("Registration for this meeting is closed."), code="closed")
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ValidationError(_("Sorry, the meeting is full."), code="full")
    group = data.get("group")
    if group is not None and group.office_id != meeting.office_id:
        group = None
    registration = Registration(
        meeting=meeting,
        name=data["name"],
        email=data["email"],
        phone=data.get("phone", ""),
        organisation=data.get("organisation", ""),
        group=group,
        language=get_language() or "th",
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This e-mail address is registered for the meeting already."), code="duplicate"
        ) from error
    AuditEvent.record(actor=None, action="meeting.registered", target=meeting, registration=registration.pk)
    transaction.on_commit(lambda: send_registration_confirmation.enqueue(registration_id=registration.pk))
    return registration
