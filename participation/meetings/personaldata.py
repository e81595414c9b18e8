"""Meetings as sources of personal data (participation.personaldata): public registrations (name,
e-mail, phone) and named attendees typed back from the sign-in sheets (name only).

Erasing keeps the meeting's figures: attendance by group is counted in `MeetingAttendance`, and a
named attendee keeps its row and group with the name replaced. The retention purge clears both once
the office's retention period (`Office.feedback_retention_days`) has passed since the meeting ended.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.meetings.models import Attendee, Registration
from participation.models import AuditEvent
from participation.personaldata import Found, register_personal_data_source, removed_mark, removed_marks


def _exported(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value


def _meeting_url(office, meeting, name: str) -> str:
    return reverse(name, kwargs={"office": office.slug, "pk": meeting.pk})


def _ended_before(office, now: datetime.datetime):
    return now - datetime.timedelta(days=office.feedback_retention_days)


# --- Registrations ------------------------------------------------------------------


def find_registrations(*, office, person, standing) -> list[Found]:
    items = person.with_phone(Registration.objects.filter(meeting__office=office))
    items = (
        items.filter(person.email_q() | person.phone_q() | person.name_q())
        .select_related("meeting", "group")
        .order_by("created_at", "pk")
    )
    return [
        Found(
            kind="registrations",
            pk=item.pk,
            label=item.meeting.title,
            date=item.meeting.starts_at,
            url=_meeting_url(office, item.meeting, "meetings:manage_registrations"),
            matched=person.matched(email=item.email, phone=item.phone, name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("E-mail")), item.email),
                (str(_("Phone")), item.phone),
                (str(_("Organisation")), item.organisation),
            ],
            data={
                "meeting": item.meeting.title,
                "meeting_starts_at": _exported(item.meeting.starts_at),
                "name": item.name,
                "email": item.email,
                "phone": item.phone,
                "organisation": item.organisation,
                "group": item.group.name if item.group else "",
                "registered_at": _exported(item.created_at),
            },
            names=[item.name],
            emails=[item.email],
            phones=[item.phone] if item.phone else [],
        )
        for item in items
    ]


def erase_registrations(*, office, records, redactor, redact) -> int:
    """Delete the registrations: the meeting's attendance by group is counted elsewhere."""
    items = Registration.objects.filter(meeting__office=office, pk__in=[record.pk for record in records])
    count = 0
    for item in items.select_for_update(of=("self",)):
        item.delete()
        count += 1
    return count


def purge_registrations(*, office, now, dry_run: bool) -> int:
    """Registrations for meetings that ended longer ago than the retention period."""
    stale = Registration.objects.filter(meeting__office=office, meeting__ends_at__lt=_ended_before(office, now))
    if dry_run:
        return stale.count()
    count = 0
    for item in stale.select_for_update(of=("self",)):
        item.delete()
        count += 1
    if count:
        AuditEvent.record(actor=None, action="meeting.registrations_purged", office=office, count=count)
    return count


# --- Named attendees ------------------------------------------------------------------


def _named(office):
    return Attendee.objects.filter(meeting__office=office).exclude(name__in=removed_marks())


def find_attendees(*, office, person, standing) -> list[Found]:
    """Named attendees are kept by name only: found by the name typed, or the names on the person's other records."""
    items = (
        _named(office)
        .filter(person.name_q(record_names=True))
        .select_related("meeting", "group")
        .order_by("meeting__starts_at", "pk")
    )
    return [
        Found(
            kind="attendees",
            pk=item.pk,
            label=item.meeting.title,
            date=item.meeting.starts_at,
            url=_meeting_url(office, item.meeting, "meetings:manage_attendees"),
            matched=person.matched(name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("Organisation")), item.organisation),
                (str(_("Stakeholder group")), item.group.name),
            ],
            data={
                "meeting": item.meeting.title,
                "meeting_starts_at": _exported(item.meeting.starts_at),
                "name": item.name,
                "organisation": item.organisation,
                "group": item.group.name,
            },
            names=[item.name],
        )
        for item in items
    ]


def _anonymise(items) -> int:
    count = 0
    for item in items.select_for_update(of=("self",)):
        # The row and its group stay: the meeting keeps its count of named attendees by group.
        item.name, item.organisation = removed_mark(), ""
        item.save(update_fields=["name", "organisation"])
        count += 1
    return count


def erase_attendees(*, office, records, redactor, redact) -> int:
    return _anonymise(_named(office).filter(pk__in=[record.pk for record in records]))


def purge_attendees(*, office, now, dry_run: bool) -> int:
    """Names of attendees of meetings that ended longer ago than the retention period."""
    stale = _named(office).filter(meeting__ends_at__lt=_ended_before(office, now))
    if dry_run:
        return stale.count()
    count = _anonymise(stale)
    if count:
        AuditEvent.record(actor=None, action="meeting.attendees_purged", office=office, count=count)
    return count


def register() -> None:
    register_personal_data_source(
        key="registrations",
        label=_("Meeting registrations"),
        order=20,
        find=find_registrations,
        erase=erase_registrations,
        effect=_("The registration is deleted; the meeting's attendance by group does not change."),
        purge=purge_registrations,
    )
    register_personal_data_source(
        key="attendees",
        label=_("Named attendees of meetings"),
        order=40,
        find=find_attendees,
        erase=erase_attendees,
        effect=_("The name and organisation are removed; the person still counts in their group's attendance."),
        purge=purge_attendees,
        by_record_names=True,
    )
