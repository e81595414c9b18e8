"""Hearings as a source of personal data (participation.personaldata): the name, organisation and
e-mail a commenter gave, and their name, e-mail and phone inside what they wrote.

Erasing keeps the comment, its status and its stakeholder group, so the hearing's counts and report do
not change: the details are blanked and the confirmed redactions applied to the comment. The retention
purge forgets the e-mail addresses of comments on hearings closed longer ago than the office's retention
period (`Office.feedback_retention_days`), as the report's notice would have done.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.hearings.models import Hearing, HearingComment
from participation.models import AuditEvent
from participation.personaldata import Found, RecordText, register_personal_data_source


def _exported(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value


def _comments(office):
    return HearingComment.objects.filter(hearing__office=office)


def find(*, office, person, standing) -> list[Found]:
    """Comments signed with the person's e-mail or name (a comment form asks for no phone)."""
    items = (
        _comments(office)
        .filter(person.email_q() | person.name_q())
        .select_related("hearing", "section", "group")
        .order_by("created_at", "pk")
    )
    label = str(HearingComment._meta.get_field("body").verbose_name)
    return [
        Found(
            kind="hearing_comments",
            pk=item.pk,
            label=item.hearing.title,
            date=item.created_at,
            url=item.hearing.get_manage_url(),
            matched=person.matched(email=item.email, name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("Organisation")), item.organisation),
                (str(_("E-mail")), item.email),
                (str(_("Status")), str(item.get_status_display())),
            ],
            data={
                "hearing": item.hearing.title,
                "section": item.section.label if item.section else "",
                "comment": item.body,
                "name": item.name,
                "organisation": item.organisation,
                "email": item.email,
                "group": item.group.name if item.group else "",
                "status": item.status,
                "received_at": _exported(item.created_at),
            },
            names=[item.name] if item.name else [],
            emails=[item.email] if item.email else [],
            texts=[RecordText(key="body", label=label, text=item.body, language=item.language)] if item.body else [],
        )
        for item in items
    ]


def erase(*, office, records, redactor, redact) -> int:
    """Blank the commenter's details and rewrite the comments staff confirmed; the comments stay."""
    rewrite = {record.pk for record in records if f"{record.key}:body" in redact}
    items = _comments(office).filter(pk__in=[record.pk for record in records])
    count = 0
    for item in items.select_for_update(of=("self",)):
        item.name, item.organisation, item.email = "", "", ""
        fields = ["name", "organisation", "email"]
        if item.pk in rewrite:
            item.body = redactor.redact(item.body, item.language)
            fields.append("body")
        item.save(update_fields=fields)
        count += 1
    return count


def _stale(office, now):
    """Comments still holding an e-mail, on hearings closed longer ago than the retention period."""
    before = now - datetime.timedelta(days=office.feedback_retention_days)
    closed = Q(hearing__closed_at__lt=before) | Q(hearing__closed_at__isnull=True, hearing__closes_at__lt=before)
    return _comments(office).exclude(email="").exclude(hearing__status=Hearing.Status.DRAFT).filter(closed)


def purge(*, office, now, dry_run: bool) -> int:
    stale = _stale(office, now)
    if dry_run:
        return stale.count()
    count = 0
    for item in stale.select_for_update(of=("self",)):
        item.email = ""
        item.save(update_fields=["email"])
        count += 1
    if count:
        AuditEvent.record(actor=None, action="hearing.emails_purged", office=office, count=count)
    return count


def register() -> None:
    register_personal_data_source(
        key="hearing_comments",
        label=_("Comments on hearings"),
        order=50,
        find=find,
        erase=erase,
        effect=_(
            "The name, organisation and e-mail are removed; the comment stays in the hearing's counts and "
            "report, with the confirmed changes to its text."
        ),
        purge=purge,
    )
