"""Feedback as a source of personal data (participation.personaldata): the sender's details, and their
name, e-mail and phone inside what they wrote and what the office answered."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.feedback.models import Feedback, FeedbackEvent
from participation.feedback.services import feedback_purge_contacts, person_feedback_erase, stale_contacts
from participation.personaldata import Found, RecordText, register_personal_data_source

EXPORT_FIELDS = (
    "tracking_code",
    "kind",
    "subject",
    "message",
    "name",
    "email",
    "phone",
    "channel",
    "status",
    "received_on",
    "due_on",
    "topic_title",
    "answer",
    "answered_at",
    "rating",
    "rating_comment",
    "rated_at",
    "contact_erased_at",
    "created_at",
)
# The texts that may name the sender, and may be redacted (with the notes).
TEXT_FIELDS = ("subject", "message", "answer")


def exported(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def person_record(feedback: Feedback) -> dict:
    """One feedback item as given to the person it is about: what they sent and what came of it."""
    record = {name: exported(getattr(feedback, name)) for name in EXPORT_FIELDS}
    # "kind" names the kind of record in a copy of everything (participation.personaldata).
    record["feedback_kind"] = record.pop("kind")
    record["group"] = feedback.group.name if feedback.group else ""
    record["files"] = [item.original_name for item in feedback.files.all()]
    return record


def find(*, office, person, standing) -> list[Found]:
    """The person's feedback that this user may see (reports of misconduct only for those who handle them)."""
    items = person.with_phone(Feedback.objects.for_office(office).visible_to(standing), digits_field="phone_digits")
    notes = FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.NOTE).exclude(text="")
    items = (
        items.filter(person.email_q() | person.phone_q() | person.name_q())
        .select_related("group", "office")
        .prefetch_related("files", Prefetch("events", queryset=notes, to_attr="notes"))
        .order_by("created_at", "pk")
    )
    found = []
    for item in items:
        texts = [
            RecordText(key=name, label=str(Feedback._meta.get_field(name).verbose_name), text=getattr(item, name))
            for name in TEXT_FIELDS
            if getattr(item, name)
        ]
        note_label = str(_("Internal note"))
        texts += [RecordText(key=f"note-{note.pk}", label=note_label, text=note.text) for note in item.notes]
        for text in texts:
            text.language = item.language
        found.append(
            Found(
                kind="feedback",
                pk=item.pk,
                label=f"{item.formatted_code} · {item.subject}",
                date=item.received_on,
                url=item.get_manage_url(),
                matched=person.matched(email=item.email, phone=item.phone, name=item.name),
                details=[
                    (str(_("Kind")), str(item.get_kind_display())),
                    (str(_("Status")), str(item.get_status_display())),
                    (str(_("Name")), item.name),
                    (str(_("E-mail")), item.email),
                    (str(_("Phone")), item.phone),
                ],
                data=person_record(item),
                names=[item.name] if item.name else [],
                emails=[item.email] if item.email else [],
                phones=[item.phone] if item.phone else [],
                texts=texts,
            )
        )
    return found


def erase(*, office, records, redactor, redact) -> int:
    """Remove the sender's details; rewrite the texts staff confirmed."""
    texts, notes = {}, set()
    for record in records:
        for text in record.texts:
            if f"{record.key}:{text.key}" not in redact:
                continue
            if text.key.startswith("note-"):
                notes.add(int(text.key.removeprefix("note-")))
            else:
                texts.setdefault(record.pk, set()).add(text.key)
    return person_feedback_erase(
        office=office, ids=[record.pk for record in records], redact=redactor.redact, texts=texts, notes=notes
    )


def purge(*, office, now, dry_run: bool) -> int:
    if dry_run:
        return stale_contacts(office, now).count()
    return feedback_purge_contacts(office=office, now=now)


def register() -> None:
    register_personal_data_source(
        key="feedback",
        label=pgettext_lazy("personal data kind", "Feedback"),
        order=10,
        find=find,
        erase=erase,
        effect=_(
            "The sender's name, e-mail, phone, comment on the answer and files are removed; the feedback "
            "stays for the yearly figures, with the confirmed changes to its texts."
        ),
        purge=purge,
    )
