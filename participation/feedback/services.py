"""Feedback: receive it (from the web form or entered by staff), assign, note, answer, close,
reopen, mark as spam, rate, and the personal-data duties (retention, find, export, erase)."""

import contextlib
import datetime
import hashlib
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation import permissions, ratelimit
from participation.feedback.models import ComplaintProcedure, Feedback, FeedbackEvent, FeedbackFile, phone_digits
from participation.feedback.tasks import notify_sender_of_answer, notify_staff_of_feedback, send_feedback_receipt
from participation.models import AuditEvent, Office, OfficeMembership
from participation.models.files import delete_files_on_commit
from participation.notices import Notice, NoticeKind, notify
from participation.permissions import Ability
from participation.uploads import CheckedFile, files_atomic

S = Feedback.Status
DUPLICATE_WINDOW = datetime.timedelta(days=1)


class DuplicateFeedback(ValidationError):
    """The same message reached the same office already; `feedback_pk` is the key of the one kept."""

    def __init__(self, message, code=None, params=None, *, feedback_pk: int | None = None):
        super().__init__(message, code=code, params=params)
        self.feedback_pk = feedback_pk


def fingerprint(*, office: Office, message: str, email: str, phone: str, client: str = "") -> str:
    """Identifies an exact duplicate: same office, same words (whitespace aside), same contact, same sender's
    connection, so two different people who send the same short thanks are both received."""
    words = " ".join(message.split()).casefold()
    return hashlib.sha256(f"{office.pk}\n{words}\n{email.casefold()}\n{phone}\n{client}".encode()).hexdigest()


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().select_related("office").get(pk=feedback.pk)


def _event(feedback: Feedback, *, kind: str, actor=None, status: str = "", text: str = "") -> FeedbackEvent:
    return FeedbackEvent.objects.create(feedback=feedback, kind=kind, status=status, text=text, actor=actor)


def _set_status(feedback: Feedback, status: str, actor, *, fields=(), action: str) -> Feedback:
    feedback.status = status
    feedback.save(update_fields=["status", *fields, "updated_at"])
    _event(feedback, kind=FeedbackEvent.Kind.STATUS, actor=actor, status=status)
    AuditEvent.record(actor=actor, action=action, target=feedback, status=status)
    return feedback


def _store(
    *, office: Office, data: dict, files, actor, channel: str, token=None, spam: bool = False, client: str = ""
) -> Feedback:
    """Insert the feedback, its files and its first history line. A tracking code drawn twice (80 random
    bits: next to never) or a form token stored at the same moment by another request raises
    IntegrityError: the caller's transaction is rolled back whole and the caller tries again."""
    feedback = Feedback(
        office=office,
        kind=data["kind"],
        subject=data["subject"],
        message=data["message"],
        topic_kind=data.get("topic_kind") or "",
        topic_id=data.get("topic_id"),
        topic_title=data.get("topic_title", "")[:300],
        group=data.get("group") if data.get("group") and data["group"].office_id == office.pk else None,
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        phone_digits=phone_digits(data.get("phone", "")),
        channel=channel,
        submission_token=token,
        language=get_language() or "th",
        received_on=data.get("received_on") or timezone.localdate(),
        created_by=actor,
    )
    feedback.due_on = feedback.received_on + datetime.timedelta(days=office.feedback_answer_days)
    feedback.fingerprint = fingerprint(
        office=office, message=feedback.message, email=feedback.email, phone=feedback.phone, client=client
    )
    if spam:
        feedback.status = S.SPAM
    # Checked without a query: the office comes from the address, the group was checked against the
    # office's groups just above, the actor is the signed-in user; the unique fields are the database's
    # to enforce, and the only constraint is about a rating, which new feedback has not.
    feedback.full_clean(
        exclude=["tracking_code", "submission_token", "office", "group", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    feedback.save(force_insert=True)
    if files:
        FeedbackFile.objects.bulk_create([FeedbackFile.build(checked, feedback=feedback) for checked in files])
    _event(feedback, kind=FeedbackEvent.Kind.STATUS, actor=actor, status=feedback.status)
    return feedback


def _retrying_unique(store, attempts: int = 3):
    """Run `store` (a transaction of its own) again when the database refused a row as not unique."""
    for _attempt in range(attempts - 1):
        with contextlib.suppress(IntegrityError):
            return store()
    return store()


def feedback_submit(
    *,
    office: Office,
    data: dict,
    files: list[CheckedFile] = (),
    token: uuid.UUID | None = None,
    spam: bool = False,
    client: str = "",
) -> tuple[Feedback, bool]:
    """Store feedback from the public form. Returns (feedback, created).

    The same form token twice (a double click, a retry) returns the first submission instead of a
    second one; the same message again within a day is refused as a duplicate.
    """
    mark = fingerprint(
        office=office, message=data["message"], email=data.get("email", ""), phone=data.get("phone", ""), client=client
    )
    # Two requests with the same token at the same moment: the second one's INSERT fails, and its
    # next attempt finds the first one's row.
    return _retrying_unique(
        lambda: _submit(office=office, data=data, files=files, token=token, spam=spam, client=client, mark=mark)
    )


@files_atomic  # the files stored and the rows saved: both or neither
def _submit(*, office: Office, data: dict, files, token, spam: bool, client: str, mark: str) -> tuple[Feedback, bool]:
    since = timezone.now() - DUPLICATE_WINDOW
    # One query answers both "was this form sent already?" and "did this very message arrive today?":
    # the form's own row, if any, comes first.
    same_office_today = Q(office=office, fingerprint=mark, created_at__gte=since)
    if token is not None:
        candidates = Feedback.objects.filter(Q(submission_token=token) | same_office_today).order_by(
            Case(When(submission_token=token, then=0), default=1)
        )
    else:
        candidates = Feedback.objects.filter(same_office_today)
    # Only what decides is read: almost always nothing is found, and the row is fetched whole only
    # for a double click.
    found = list(candidates.values_list("pk", "submission_token", "office_id", "fingerprint")[:2])
    if token is not None and found and found[0][1] == token:
        pk, _token, office_id, fingerprint_found = found.pop(0)
        if office_id == office.pk and fingerprint_found == mark:
            # A double click or a retry of the very same message.
            return Feedback.objects.select_related("office").get(pk=pk), False
        token = None  # the form was reused (Back, edit, send): a new message, kept as such
    if found:
        raise DuplicateFeedback(
            _("This exact message reached the office already; there is no need to send it again."),
            code="duplicate",
            feedback_pk=found[0][0],
        )
    feedback = _store(
        office=office,
        data=data,
        files=files,
        actor=None,
        channel=Feedback.Channel.WEB,
        token=token,
        spam=spam,
        client=client,
    )
    AuditEvent.record(actor=None, action="feedback.received", target=feedback, channel="web")
    if not spam:
        # Queued in the same transaction as the feedback (the queue is a table of this database): both are
        # stored or neither is, so a committed message never misses its e-mail, and a failure after the
        # commit cannot make a stored message look refused.
        if feedback.email and _receipts_allowed(feedback.email):
            send_feedback_receipt.enqueue(feedback_id=feedback.pk)
        if office.feedback_notify_staff:
            notify_staff_of_feedback.enqueue(feedback_id=feedback.pk)
    return feedback, True


def _receipts_allowed(email: str) -> bool:
    """A few receipts per address an hour (RATE_LIMITS["receipt"]): the form must not become a way to mail strangers."""
    return ratelimit.allow("receipt", email.casefold())


def feedback_record(*, office: Office, actor: User | None, data: dict, channel: str) -> Feedback:
    """Feedback that came by phone, paper, walk-in or LINE, typed in by staff."""
    if channel == Feedback.Channel.WEB:
        raise ValidationError(_("Choose how the feedback reached the office."), code="channel")
    return _retrying_unique(lambda: _record(office=office, actor=actor, data=data, channel=channel))


@transaction.atomic
def _record(*, office: Office, actor: User | None, data: dict, channel: str) -> Feedback:
    feedback = _store(office=office, data=data, files=(), actor=actor, channel=channel)
    AuditEvent.record(actor=actor, action="feedback.recorded", target=feedback, channel=channel)
    if feedback.email:
        transaction.on_commit(lambda: send_feedback_receipt.enqueue(feedback_id=feedback.pk))
    return feedback


@transaction.atomic
def feedback_assign(*, feedback: Feedback, actor: User | None, assignee) -> Feedback:
    feedback = _locked(feedback)
    if assignee is not None:
        assignee_standing = permissions.standing(assignee, feedback.office)
        needed = Ability.HANDLE_MISCONDUCT if feedback.is_misconduct else Ability.ACT
        if assignee_standing.membership is None or not assignee_standing.can(needed):
            raise ValidationError(_("That person cannot handle this feedback."), code="not_allowed")
    feedback.assigned_to = assignee
    feedback.save(update_fields=["assigned_to", "updated_at"])
    _event(feedback, kind=FeedbackEvent.Kind.ASSIGNED, actor=actor, text=assignee.get_full_name() if assignee else "")
    AuditEvent.record(
        actor=actor, action="feedback.assigned", target=feedback, assignee=assignee.pk if assignee else None
    )
    if assignee is not None:
        # A report of misconduct is named by its code alone, in e-mail as on the screen of a notice.
        subject = feedback.formatted_code
        if not feedback.is_misconduct:
            subject = f"{subject} · {feedback.subject}"
        notify(
            Notice(
                kind=NoticeKind.FEEDBACK_ASSIGNED,
                office_id=feedback.office_id,
                subject=subject,
                url=feedback.get_manage_url(),
                actor_id=actor.pk if actor else None,
                user_ids=(assignee.pk,),
                requires=Ability.HANDLE_MISCONDUCT if feedback.is_misconduct else Ability.ACT,
            )
        )
    return feedback


@transaction.atomic
def feedback_note(*, feedback: Feedback, actor: User | None, text: str) -> FeedbackEvent:
    """An internal note: never shown to the sender or the public."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the note first."), code="empty")
    return _event(feedback, kind=FeedbackEvent.Kind.NOTE, actor=actor, text=text)


@transaction.atomic
def feedback_start(*, feedback: Feedback, actor: User | None) -> Feedback:
    feedback = _locked(feedback)
    if feedback.status != S.RECEIVED:
        raise ValidationError(_("Only newly received feedback can be started."), code="not_received")
    return _set_status(feedback, S.IN_PROGRESS, actor, action="feedback.started")


@transaction.atomic
def feedback_respond(*, feedback: Feedback, actor: User | None, answer: str, public: bool) -> Feedback:
    """Answer the sender; the answer shows on the tracking page, and publicly if chosen."""
    feedback = _locked(feedback)
    if feedback.status in {S.CLOSED, S.SPAM}:
        raise ValidationError(_("This feedback is closed; reopen it to answer again."), code="closed")
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Write the answer first."), code="empty")
    if public and feedback.is_misconduct:
        raise ValidationError(_("Answers to reports of misconduct are never public."), code="confidential")
    feedback.answer, feedback.answer_public = answer, public
    feedback.answered_at, feedback.answered_by = timezone.now(), actor
    _set_status(
        feedback,
        S.ANSWERED,
        actor,
        fields=["answer", "answer_public", "answered_at", "answered_by"],
        action="feedback.answered",
    )
    if feedback.email:
        transaction.on_commit(lambda: notify_sender_of_answer.enqueue(feedback_id=feedback.pk))
    return feedback


@transaction.atomic
def feedback_close(*, feedback: Feedback, actor: User | None) -> Feedback:
    feedback = _locked(feedback)
    if feedback.status in {S.CLOSED, S.SPAM}:
        raise ValidationError(_("This feedback is already closed."), code="closed")
    feedback.closed_at = timezone.now()
    return _set_status(feedback, S.CLOSED, actor, fields=["closed_at"], action="feedback.closed")


@transaction.atomic
def feedback_reopen(*, feedback: Feedback, actor: User | None) -> Feedback:
    feedback = _locked(feedback)
    if feedback.status not in {S.ANSWERED, S.CLOSED, S.SPAM}:
        raise ValidationError(_("This feedback is still open."), code="open")
    feedback.closed_at = None
    return _set_status(feedback, S.IN_PROGRESS, actor, fields=["closed_at"], action="feedback.reopened")


@transaction.atomic
def feedback_mark_spam(*, feedback: Feedback, actor: User | None) -> Feedback:
    feedback = _locked(feedback)
    if feedback.status == S.SPAM:
        raise ValidationError(_("This is already marked as spam."), code="spam")
    if feedback.status in {S.ANSWERED, S.CLOSED} or feedback.answered_at is not None:
        raise ValidationError(_("Answered feedback cannot be marked as spam."), code="answered")
    return _set_status(feedback, S.SPAM, actor, action="feedback.spam")


@transaction.atomic
def feedback_rate(*, feedback: Feedback, rating: int, comment: str) -> Feedback:
    """The sender rates the answer from the tracking page (and may change their rating)."""
    feedback = _locked(feedback)
    if feedback.answered_at is None or feedback.status == S.SPAM:
        raise ValidationError(_("There is no answer to rate yet."), code="not_answered")
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose from 1 to 5."), code="range")
    feedback.rating, feedback.rating_comment, feedback.rated_at = rating, comment.strip(), timezone.now()
    feedback.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _event(feedback, kind=FeedbackEvent.Kind.RATED, text=str(rating))
    AuditEvent.record(actor=None, action="feedback.rated", target=feedback, rating=rating)
    return feedback


BULK_ACTIONS = {
    "start": feedback_start,
    "close": feedback_close,
    "spam": feedback_mark_spam,
}


def feedback_bulk(*, feedbacks, actor: User | None, action: str) -> tuple[int, int]:
    """Apply one action to many; returns (done, refused). Each item is its own transaction."""
    done = refused = 0
    for feedback in feedbacks:
        try:
            if action == "assign_me":
                feedback_assign(feedback=feedback, actor=actor, assignee=actor)
            else:
                BULK_ACTIONS[action](feedback=feedback, actor=actor)
            done += 1
        except ValidationError:
            refused += 1
    return done, refused


# --- Personal data -------------------------------------------------------------------


def _erase_contact(feedback: Feedback) -> None:
    """Remove who sent it: contact details, the duplicate fingerprint (a hash of them), the rating
    comment and the files; the message and its figures stay."""
    feedback.name = feedback.email = feedback.phone = feedback.phone_digits = feedback.fingerprint = ""
    feedback.rating_comment = ""
    feedback.contact_erased_at = timezone.now()
    feedback.save(
        update_fields=[
            "name", "email", "phone", "phone_digits", "fingerprint", "rating_comment", "contact_erased_at", "updated_at"
        ]
    )  # fmt: skip
    names = [item.file.name for item in feedback.files.all()]
    feedback.files.all().delete()
    delete_files_on_commit(names)


def stale_contacts(office: Office, now: datetime.datetime):
    """Feedback whose sender's details the retention purge clears now."""
    cutoff = now - datetime.timedelta(days=office.feedback_retention_days)
    return Feedback.objects.for_office(office).contacts_kept_past(cutoff)


@transaction.atomic
def feedback_purge_contacts(*, office: Office, now=None) -> int:
    """Remove the contact details of closed feedback kept longer than the office's retention period.

    The feedback itself stays (without who sent it) for the yearly figures.
    """
    count = 0
    for feedback in stale_contacts(office, now or timezone.now()).select_for_update():
        _erase_contact(feedback)
        count += 1
    if count:
        AuditEvent.record(actor=None, action="feedback.contacts_purged", office=office, count=count)
    return count


def person_feedback_erase(*, office: Office, ids, redact, texts: dict[int, set[str]], notes=()) -> int:
    """Erase a person's contact details from these feedback items of the office (a data subject's
    request), and rewrite the texts staff confirmed with `redact(text, language)`: `texts` names, by
    feedback id, which of subject, message and answer; `notes`, the ids of internal notes. The caller
    (`participation.personaldata.person_erase`) runs it in its transaction and writes the audit row."""
    ids = list(ids)
    items = Feedback.objects.for_office(office).filter(pk__in=ids).select_for_update()
    languages = {}
    count = 0
    for feedback in items:
        languages[feedback.pk] = feedback.language
        changed = sorted(texts.get(feedback.pk, ()))
        for name in changed:
            limit = Feedback._meta.get_field(name).max_length
            setattr(feedback, name, redact(getattr(feedback, name), feedback.language)[:limit])
        if changed:
            feedback.save(update_fields=[*changed, "updated_at"])
        _erase_contact(feedback)
        count += 1
    chosen = FeedbackEvent.objects.filter(feedback__office=office, feedback_id__in=ids, pk__in=list(notes))
    for event in chosen.select_for_update():
        event.text = redact(event.text, languages.get(event.feedback_id))
        event.save(update_fields=["text"])
    return count


@transaction.atomic
def feedback_settings_update(*, office: Office, actor: User | None, data: dict, handlers) -> Office:
    """The director's settings: answer days, staff e-mail, retention, and who handles misconduct."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    fields = ["feedback_answer_days", "feedback_notify_staff", "feedback_retention_days"]
    for field in fields:
        setattr(office, field, data[field])
    office.save(update_fields=[*fields, "updated_at"])
    chosen = {membership.pk for membership in handlers}
    for membership in OfficeMembership.objects.filter(office=office, role=OfficeMembership.Role.STAFF):
        if membership.sees_misconduct != (membership.pk in chosen):
            membership.sees_misconduct = membership.pk in chosen
            membership.save(update_fields=["sees_misconduct"])
            if not membership.sees_misconduct:
                # Reports they held go back to the director's desk.
                Feedback.objects.for_office(office).filter(
                    kind=Feedback.Kind.MISCONDUCT, assigned_to=membership.user
                ).update(assigned_to=None)
    AuditEvent.record(
        actor=actor,
        action="feedback.settings_changed",
        target=office,
        handlers=sorted(chosen),
        **{f: data[f] for f in fields},
    )
    return office


@transaction.atomic
def complaint_procedure_save(*, office: Office, actor: User, text: str) -> ComplaintProcedure | None:
    """The director's complaint-handling procedure for the office; an empty text goes back to the
    portal's default (nothing is kept then)."""
    if not permissions.can(actor, office, Ability.DIRECT):
        raise ValidationError(_("Only the director may change the complaint-handling procedure."))
    text = text.strip()
    procedure = ComplaintProcedure.objects.select_for_update().filter(office=office).first()
    if not text:
        if procedure is not None:
            procedure.delete()
            AuditEvent.record(actor=actor, action="feedback.procedure_reset", target=office)
        return None
    if procedure is None:
        procedure = ComplaintProcedure(office=office)
    elif procedure.text == text:
        return procedure
    procedure.text, procedure.updated_by = text, actor
    procedure.full_clean()
    procedure.save()
    AuditEvent.record(actor=actor, action="feedback.procedure_changed", target=office)
    return procedure
