"""Working groups as sources of personal data (participation.personaldata): requests to join (name,
e-mail, phone, organisation) and members (name, e-mail, phone).

Erasing a request deletes it. A member keeps their row, role and term with the name replaced by the
same mark meetings use for named attendees, so the group's roles and counts stay. The retention purge
deletes requests decided longer ago than the office's retention period (`Office.feedback_retention_days`).
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.groups.models import GroupMember, JoinRequest
from participation.models import AuditEvent
from participation.personaldata import Found, register_personal_data_source, removed_mark, removed_marks


def _exported(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _group_url(office, group) -> str:
    return reverse("groups:manage_detail", kwargs={"office": office.slug, "pk": group.pk})


# --- Requests to join ---------------------------------------------------------------------


def _requests(office):
    return JoinRequest.objects.filter(group__office=office)


def find_requests(*, office, person, standing) -> list[Found]:
    items = person.with_phone(_requests(office))
    items = (
        items.filter(person.email_q() | person.phone_q() | person.name_q())
        .select_related("group", "stakeholder_group")
        .order_by("created_at", "pk")
    )
    return [
        Found(
            kind="join_requests",
            pk=item.pk,
            label=item.group.name,
            date=item.created_at,
            url=_group_url(office, item.group),
            matched=person.matched(email=item.email, phone=item.phone, name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("E-mail")), item.email),
                (str(_("Phone")), item.phone),
                (str(_("Organisation")), item.organisation),
                (str(_("Status")), str(item.get_status_display())),
            ],
            data={
                "group": item.group.name,
                "name": item.name,
                "email": item.email,
                "phone": item.phone,
                "organisation": item.organisation,
                "stakeholder_group": item.stakeholder_group.name if item.stakeholder_group else "",
                "motivation": item.motivation,
                "name_public": item.name_public,
                "status": item.status,
                "decided_at": _exported(item.decided_at),
                "received_at": _exported(item.created_at),
            },
            names=[item.name] if item.name else [],
            emails=[item.email] if item.email else [],
            phones=[item.phone] if item.phone else [],
        )
        for item in items
    ]


def _delete(items) -> int:
    count = 0
    for item in items.select_for_update(of=("self",)):
        item.delete()
        count += 1
    return count


def erase_requests(*, office, records, redactor, redact) -> int:
    """Delete the requests: a member they made keeps its own row (erased on its own)."""
    return _delete(_requests(office).filter(pk__in=[record.pk for record in records]))


def _stale_requests(office, now):
    before = now - datetime.timedelta(days=office.feedback_retention_days)
    return _requests(office).exclude(status=JoinRequest.Status.PENDING).filter(decided_at__lt=before)


def purge_requests(*, office, now, dry_run: bool) -> int:
    """Requests decided longer ago than the retention period."""
    stale = _stale_requests(office, now)
    if dry_run:
        return stale.count()
    count = _delete(stale)
    if count:
        AuditEvent.record(actor=None, action="group.join_requests_purged", office=office, count=count)
    return count


# --- Members ------------------------------------------------------------------------------


def _members(office):
    return GroupMember.objects.filter(group__office=office).exclude(name__in=removed_marks())


def find_members(*, office, person, standing) -> list[Found]:
    items = person.with_phone(_members(office))
    items = (
        items.filter(person.email_q() | person.phone_q() | person.name_q())
        .select_related("group", "stakeholder_group")
        .order_by("group__name", "pk")
    )
    return [
        Found(
            kind="group_members",
            pk=item.pk,
            label=item.group.name,
            date=item.term_starts_on,
            url=_group_url(office, item.group),
            matched=person.matched(email=item.email, phone=item.phone, name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("E-mail")), item.email),
                (str(_("Phone")), item.phone),
                (str(_("Role")), str(item.get_role_display())),
            ],
            data={
                "group": item.group.name,
                "name": item.name,
                "position": item.position,
                "email": item.email,
                "phone": item.phone,
                "role": item.role,
                "stakeholder_group": item.stakeholder_group.name if item.stakeholder_group else "",
                "term_starts_on": _exported(item.term_starts_on),
                "term_ends_on": _exported(item.term_ends_on),
                "left_on": _exported(item.left_on),
                "name_public": item.name_public,
            },
            names=[item.name],
            emails=[item.email] if item.email else [],
            phones=[item.phone] if item.phone else [],
        )
        for item in items
    ]


def erase_members(*, office, records, redactor, redact) -> int:
    """Replace the name and blank the position, e-mail and phone (as for meetings' named attendees); the row,
    role and term stay (roles are counted)."""
    items = _members(office).filter(pk__in=[record.pk for record in records])
    count = 0
    for item in items.select_for_update(of=("self",)):
        item.name, item.position, item.email, item.phone, item.name_public = removed_mark(), "", "", "", False
        item.save(update_fields=["name", "position", "email", "phone", "name_public"])
        count += 1
    return count


def register() -> None:
    register_personal_data_source(
        key="join_requests",
        label=_("Requests to join working groups"),
        order=60,
        find=find_requests,
        erase=erase_requests,
        effect=_("The request is deleted."),
        purge=purge_requests,
    )
    register_personal_data_source(
        key="group_members",
        label=_("Members of working groups"),
        order=70,
        find=find_members,
        erase=erase_members,
        effect=_(
            "The name, position, e-mail and phone are removed and the name is no longer shown; the member's role "
            "still counts in the group."
        ),
    )
