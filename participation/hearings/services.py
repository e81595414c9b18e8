"""State changes of hearings: create and edit (draft), open, close, comments from the public and
their moderation, themes and the office's response, the revised draft, and publishing the report.

draft → open → closed → reported. A hearing is open for comment between its opening and closing
times; once its closing time passes it takes no more comments, and the task queue closes it (and
tells staff) at that moment."""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.hearings.models import (
    Hearing,
    HearingComment,
    HearingDocument,
    HearingSection,
    HearingTheme,
    split_sections,
)
from participation.hearings.tasks import (
    close_hearing_when_due,
    notify_commenters_of_report,
    notify_staff_of_closing,
    notify_staff_of_pending_comments,
)
from participation.models import AuditEvent, Office, StakeholderGroup
from participation.models.files import delete_files_on_commit
from participation.uploads import CheckedFile

S = Hearing.Status
DUPLICATE_WINDOW = datetime.timedelta(days=1)
CONTENT_FIELDS = [
    "title",
    "purpose",
    "draft",
    "questions",
    "participation_level",
    "principles",
    "channels",
    "opens_at",
    "closes_at",
    "short_window_reason",
    "moderation",
]
# Once people can read the draft, what they comment on stays as it was: the text and the questions.
LOCKED_WHEN_OPEN = {"draft", "questions", "opens_at"}


class DuplicateComment(ValidationError):
    """The same comment reached the same hearing already."""


def _locked(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update().select_related("office").get(pk=hearing.pk)


def _office_groups(office: Office, groups) -> list[StakeholderGroup]:
    return list(StakeholderGroup.objects.for_office(office).filter(pk__in={group.pk for group in groups}))


def _write_sections(hearing: Hearing) -> None:
    """Replace the sections with those of the draft's text (only while no one could comment on them)."""
    hearing.sections.all().delete()
    HearingSection.objects.bulk_create(
        [
            HearingSection(hearing=hearing, position=position, heading=heading[:300], body=body)
            for position, (heading, body) in enumerate(split_sections(hearing.draft))
        ]
    )


@transaction.atomic
def hearing_create(*, office: Office, actor: User | None, data: dict, target_groups=()) -> Hearing:
    """A new hearing, as a draft only the office sees."""
    hearing = Hearing(office=office, created_by=actor, updated_by=actor)
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(hearing, field, data[field])
    hearing.full_clean()
    hearing.save()
    hearing.target_groups.set(_office_groups(office, target_groups))
    _write_sections(hearing)
    AuditEvent.record(actor=actor, action="hearing.created", target=hearing)
    return hearing


@transaction.atomic
def hearing_update(*, hearing: Hearing, actor: User | None, data: dict, target_groups=None) -> Hearing:
    """Change a hearing. While it is open the draft, the questions and the opening time stay as people
    read them (the closing time may move, never before now); once closed, nothing here changes."""
    hearing = _locked(hearing)
    if hearing.status not in {S.DRAFT, S.OPEN}:
        raise ValidationError(_("A closed hearing can no longer be changed."), code="closed")
    changed = [field for field in CONTENT_FIELDS if field in data and getattr(hearing, field) != data[field]]
    if hearing.status == S.OPEN:
        locked = [field for field in changed if field in LOCKED_WHEN_OPEN]
        if locked:
            raise ValidationError(
                _("The hearing is open: the draft, the questions and the opening time can no longer change."),
                code="open",
            )
        if "closes_at" in changed and data["closes_at"] <= timezone.now():
            raise ValidationError({"closes_at": _("To close the hearing now, use “Close the hearing”.")})
    for field in changed:
        setattr(hearing, field, data[field])
    hearing.full_clean()
    hearing.updated_by = actor
    hearing.save(update_fields=[*changed, "updated_by", "updated_at"])
    if target_groups is not None:
        hearing.target_groups.set(_office_groups(hearing.office, target_groups))
    if "draft" in changed:
        _write_sections(hearing)
    if hearing.status == S.OPEN and "closes_at" in changed:
        _schedule_closing(hearing)
    AuditEvent.record(actor=actor, action="hearing.changed", target=hearing, fields=changed)
    return hearing


def _schedule_closing(hearing: Hearing) -> None:
    """Ask the task queue to close the hearing at its closing time (a task for an older time finds
    the hearing not due yet and does nothing)."""
    pk, closes_at = hearing.pk, hearing.closes_at
    transaction.on_commit(lambda: close_hearing_when_due.using(run_after=closes_at).enqueue(hearing_id=pk))


@transaction.atomic
def hearing_open(*, hearing: Hearing, actor: User | None) -> Hearing:
    """Publish the hearing: its page appears, and it takes comments from its opening time on."""
    hearing = _locked(hearing)
    if hearing.status != S.DRAFT:
        raise ValidationError(_("Only a draft hearing can be opened."), code="not_draft")
    if not hearing.sections.exists() and not hearing.documents.exists():
        raise ValidationError(
            _("Add the draft (its text or a document) before opening the hearing."), code="nothing_to_read"
        )
    now = timezone.now()
    if hearing.closes_at <= now:
        raise ValidationError(_("The closing time has passed: set a later one first."), code="closes_in_past")
    hearing.full_clean()  # the short-period reason, in case the times were set long ago
    hearing.status, hearing.opened_at = S.OPEN, now
    hearing.updated_by = actor
    hearing.save(update_fields=["status", "opened_at", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="hearing.opened", target=hearing, short=hearing.is_short)
    _schedule_closing(hearing)
    return hearing


def _close(hearing: Hearing, actor: User | None, *, early: bool) -> Hearing:
    hearing.status, hearing.closed_at = S.CLOSED, timezone.now()
    fields = ["status", "closed_at", "updated_at"]
    if early:
        hearing.closes_at = hearing.closed_at
        fields.append("closes_at")
    hearing.save(update_fields=fields)
    AuditEvent.record(actor=actor, action="hearing.closed", target=hearing, early=early)
    pk = hearing.pk
    transaction.on_commit(lambda: notify_staff_of_closing.enqueue(hearing_id=pk))
    return hearing


@transaction.atomic
def hearing_close(*, hearing: Hearing, actor: User | None) -> Hearing:
    """Close the hearing: now, if it is still open, or at the end of its period."""
    hearing = _locked(hearing)
    if hearing.status != S.OPEN:
        raise ValidationError(_("Only an open hearing can be closed."), code="not_open")
    if timezone.now() < hearing.opens_at:
        raise ValidationError(
            _("The hearing has not opened for comment yet: change its times instead."), code="not_started"
        )
    return _close(hearing, actor, early=timezone.now() < hearing.closes_at)


@transaction.atomic
def hearing_close_if_due(*, hearing_id: int) -> Hearing | None:
    """Close an open hearing whose closing time has passed (the task queue's part); None otherwise."""
    hearing = Hearing.objects.select_for_update().select_related("office").filter(pk=hearing_id).first()
    if hearing is None or hearing.status != S.OPEN or hearing.closes_at > timezone.now():
        return None
    return _close(hearing, None, early=False)


@transaction.atomic
def hearing_add_documents(*, hearing: Hearing, actor: User | None, files: list[CheckedFile]) -> list[HearingDocument]:
    """Attach documents of the draft; once the hearing is open, what people read stays as it is."""
    hearing = _locked(hearing)
    if hearing.status != S.DRAFT:
        raise ValidationError(_("Documents can be added only while the hearing is a draft."), code="not_draft")
    limit = settings.HEARING_FILES_MAX
    if hearing.documents.count() + len(files) > limit:
        raise ValidationError(
            _("A hearing may have at most %(limit)d documents.") % {"limit": limit}, code="too_many_files"
        )
    added = []
    for checked in files:
        item = HearingDocument.build(checked, hearing=hearing, uploaded_by=actor)
        item.save()
        added.append(item)
    AuditEvent.record(actor=actor, action="hearing.documents_added", target=hearing, count=len(added))
    return added


@transaction.atomic
def hearing_remove_document(*, item: HearingDocument, actor: User | None) -> None:
    hearing = _locked(item.hearing)
    if hearing.status != S.DRAFT:
        raise ValidationError(_("Documents can be removed only while the hearing is a draft."), code="not_draft")
    AuditEvent.record(actor=actor, action="hearing.document_removed", target=hearing, file=item.original_name)
    item.delete()
    delete_files_on_commit([item.file.name])


# --- Comments from the public ------------------------------------------------------------------


def fingerprint(*, hearing: Hearing, body: str, email: str, client: str) -> str:
    """The same words from the same connection and address to the same hearing: an exact duplicate."""
    words = " ".join(body.split()).casefold()
    return hashlib.sha256(f"{hearing.pk}\n{words}\n{email.casefold()}\n{client}".encode()).hexdigest()


def comment_submit(
    *, hearing: Hearing, data: dict, token: uuid.UUID | None = None, spam: bool = False, client: str = ""
) -> tuple[HearingComment, bool]:
    """Store a comment from the public form. Returns (comment, created): the same form token twice
    (a double click) returns the first comment; the same words again within a day are refused."""
    try:
        return _submit(hearing=hearing, data=data, token=token, spam=spam, client=client)
    except IntegrityError:
        # The same token stored at the same moment by another request: that one is the comment.
        found = HearingComment.objects.filter(submission_token=token, hearing=hearing).first()
        if found is None:
            raise
        return found, False


@transaction.atomic
def _submit(*, hearing: Hearing, data: dict, token, spam: bool, client: str) -> tuple[HearingComment, bool]:
    hearing = _locked(hearing)
    if not hearing.accepts_comments:
        raise ValidationError(_("This hearing does not take comments now."), code="closed")
    if token is not None:
        earlier = HearingComment.objects.filter(submission_token=token).first()
        if earlier is not None and earlier.hearing_id == hearing.pk:
            return earlier, False
        token = token if earlier is None else None
    mark = fingerprint(hearing=hearing, body=data["body"], email=data.get("email", ""), client=client)
    since = timezone.now() - DUPLICATE_WINDOW
    if HearingComment.objects.filter(hearing=hearing, fingerprint=mark, created_at__gte=since).exists():
        raise DuplicateComment(
            _("This exact comment reached the office already; there is no need to send it again."), code="duplicate"
        )
    section = data.get("section")
    if section is not None and section.hearing_id != hearing.pk:
        section = None
    group = data.get("group")
    if group is not None and group.office_id != hearing.office_id:
        group = None
    if spam:
        status = HearingComment.Status.REJECTED
    elif hearing.publishes_at_once:
        status = HearingComment.Status.PUBLISHED
    else:
        status = HearingComment.Status.PENDING
    was_waiting = hearing.comments.pending().exists()
    comment = HearingComment(
        hearing=hearing,
        section=section,
        body=data["body"],
        name=data.get("name", ""),
        organisation=data.get("organisation", ""),
        email=data.get("email", ""),
        group=group,
        status=status,
        reject_reason="spam" if spam else "",
        submission_token=token,
        fingerprint=mark,
        language=get_language() or "th",
    )
    comment.full_clean(exclude=["hearing", "section", "group", "theme"], validate_unique=False)
    with transaction.atomic():
        comment.save(force_insert=True)
    AuditEvent.record(actor=None, action="hearing.comment_received", target=hearing, comment=comment.pk)
    if status == HearingComment.Status.PENDING and not was_waiting:
        # Once per batch: staff hear when the queue stops being empty, not of every comment.
        pk = hearing.pk
        transaction.on_commit(lambda: notify_staff_of_pending_comments.enqueue(hearing_id=pk))
    return comment, True


def _locked_comment(comment: HearingComment) -> HearingComment:
    return HearingComment.objects.select_for_update().select_related("hearing__office").get(pk=comment.pk)


@transaction.atomic
def comment_moderate(*, comment: HearingComment, actor: User | None, publish: bool, reason: str = "") -> HearingComment:
    """Publish a comment, or keep it from the public (it stays for the report's figures unless rejected)."""
    comment = _locked_comment(comment)
    if comment.hearing.status == S.REPORTED:
        raise ValidationError(_("The report is published: its comments no longer change."), code="reported")
    reason = reason.strip()
    if not publish and not reason:
        raise ValidationError(_("Say why the comment is not published."), code="no_reason")
    comment.status = HearingComment.Status.PUBLISHED if publish else HearingComment.Status.REJECTED
    comment.reject_reason = "" if publish else reason[:300]
    comment.moderated_at, comment.moderated_by = timezone.now(), actor
    comment.save(update_fields=["status", "reject_reason", "moderated_at", "moderated_by"])
    AuditEvent.record(
        actor=actor,
        action="hearing.comment_moderated",
        target=comment.hearing,
        comment=comment.pk,
        status=comment.status,
    )
    return comment


@transaction.atomic
def comment_set_theme(*, comment: HearingComment, actor: User | None, theme: HearingTheme | None) -> HearingComment:
    """Group a comment under a theme of the report (or under none)."""
    comment = _locked_comment(comment)
    if comment.hearing.status == S.REPORTED:
        raise ValidationError(_("The report is published: its comments no longer change."), code="reported")
    if theme is not None and theme.hearing_id != comment.hearing_id:
        raise ValidationError(_("That theme belongs to another hearing."), code="foreign_theme")
    comment.theme = theme
    comment.save(update_fields=["theme"])
    AuditEvent.record(
        actor=actor,
        action="hearing.comment_themed",
        target=comment.hearing,
        comment=comment.pk,
        theme=theme and theme.pk,
    )
    return comment


# --- The report --------------------------------------------------------------------------------


def _report_editable(hearing: Hearing) -> None:
    if hearing.status != S.CLOSED:
        raise ValidationError(_("The report is written once the hearing has closed, until it is published."))


@transaction.atomic
def theme_save(*, hearing: Hearing, actor: User | None, theme: HearingTheme | None, data: dict) -> HearingTheme:
    """Add a theme of the comments, or change one: what people said and the office's response."""
    hearing = _locked(hearing)
    _report_editable(hearing)
    if theme is None:
        theme = HearingTheme(hearing=hearing, position=hearing.themes.count())
        verb = "hearing.theme_added"
    else:
        theme = HearingTheme.objects.select_for_update().get(pk=theme.pk, hearing=hearing)
        verb = "hearing.theme_changed"
    for field in ("title", "summary", "response"):
        if field in data:
            setattr(theme, field, data[field])
    theme.full_clean()
    theme.save()
    AuditEvent.record(actor=actor, action=verb, target=hearing, theme=theme.pk)
    return theme


@transaction.atomic
def report_update(*, hearing: Hearing, actor: User | None, data: dict) -> Hearing:
    """The report's own text: the summary of what was heard, what changed, and the revised draft."""
    hearing = _locked(hearing)
    _report_editable(hearing)
    fields = [
        field
        for field in ("report_summary", "changes_summary", "revised_draft")
        if field in data and getattr(hearing, field) != data[field]
    ]
    for field in fields:
        setattr(hearing, field, data[field])
    hearing.updated_by = actor
    hearing.save(update_fields=[*fields, "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="hearing.report_changed", target=hearing, fields=fields)
    return hearing


def report_problems(hearing: Hearing) -> list[str]:
    """What keeps the report from being published, in words for staff (empty: ready)."""
    problems = []
    if hearing.status != S.CLOSED:
        problems.append(_("The hearing must be closed first."))
        return problems
    pending = hearing.comments.pending().count()
    if pending:
        problems.append(_("%(count)d comments still await moderation.") % {"count": pending})
    if not hearing.report_summary.strip():
        problems.append(_("Write the summary of what was heard."))
    counted = hearing.comments.counted()
    if counted.exists() and not hearing.themes.exists():
        problems.append(_("Group the comments into at least one theme."))
    if hearing.themes.filter(response="").exists():
        problems.append(_("Give the office's response to every theme."))
    unthemed = counted.filter(status=HearingComment.Status.PUBLISHED, theme__isnull=True).count()
    if unthemed and hearing.themes.exists():
        problems.append(_("%(count)d published comments have no theme yet.") % {"count": unthemed})
    return problems


@transaction.atomic
def report_publish(*, hearing: Hearing, actor: User | None) -> Hearing:
    """Publish the report: the hearing's page shows it, and commenters who left an e-mail are told."""
    hearing = _locked(hearing)
    problems = report_problems(hearing)
    if problems:
        raise ValidationError(problems, code="not_ready")
    if not hearing.revised_draft.strip():
        # Nothing was changed: the revised draft is the draft, and the comparison says so.
        hearing.revised_draft = hearing.draft
    hearing.status, hearing.reported_at = S.REPORTED, timezone.now()
    hearing.updated_by = actor
    hearing.save(update_fields=["status", "reported_at", "revised_draft", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="hearing.reported", target=hearing)
    pk = hearing.pk
    transaction.on_commit(lambda: notify_commenters_of_report.enqueue(hearing_id=pk))
    return hearing


@transaction.atomic
def comments_erase_emails(*, hearing: Hearing) -> int:
    """Forget the commenters' e-mail addresses: they were kept only to send the report."""
    count = hearing.comments.exclude(email="").update(email="")
    if count:
        AuditEvent.record(actor=None, action="hearing.emails_erased", target=hearing, count=count)
    return count
