"""State changes of announcements: create, edit, publish or schedule, unschedule, withdraw, copy.

Each function checks the current state under a row lock, saves only what it
changes, writes an audit row, and keeps a revision whenever the public text
changes. Withdrawal is never deletion: the page stays, marked withdrawn.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from announcements.models import Announcement, Attachment, Revision
from participation.models import AuditEvent, Office, StakeholderGroup
from participation.models.files import delete_files_on_commit
from participation.notices import Update, publish_update
from participation.uploads import CheckedFile, copy_name, files_atomic, store_file

CONTENT_FIELDS = [
    "kind",
    "number",
    "subject",
    "summary",
    "body",
    "cover_alt",
    "signer_name",
    "signer_position",
    "announced_on",
    "channels",
    "participation_level",
    "principles",
]


def _locked(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().select_related("office").get(pk=announcement.pk)


def snapshot_of(announcement: Announcement) -> dict:
    data = {field: getattr(announcement, field) for field in CONTENT_FIELDS}
    data["announced_on"] = announcement.announced_on.isoformat()
    data["target_groups"] = sorted(announcement.target_groups.values_list("name", flat=True))
    data["attachments"] = list(announcement.attachments.values_list("original_name", flat=True))
    data["cover_image"] = bool(announcement.cover_image)
    return data


def _ensure_first_revision(announcement: Announcement) -> None:
    """A scheduled announcement goes public by itself, with no event: keep the text that went out."""
    if announcement.is_public and not announcement.revisions.exists():
        Revision.objects.create(
            announcement=announcement, number=1, snapshot=snapshot_of(announcement), changed_by=announcement.updated_by
        )


def _record_revision(announcement: Announcement, actor) -> Revision | None:
    """Keep the public text as it now stands, unless it is the same as the last version."""
    snapshot = snapshot_of(announcement)
    last = announcement.revisions.order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        return None
    return Revision.objects.create(
        announcement=announcement, number=(last.number + 1) if last else 1, snapshot=snapshot, changed_by=actor
    )


def _set_target_groups(announcement: Announcement, groups) -> None:
    # Only the office's own groups, whatever ids were posted.
    announcement.target_groups.set(
        StakeholderGroup.objects.for_office(announcement.office).filter(pk__in=[group.pk for group in groups])
    )


def _check_attachment_count(announcement: Announcement, adding: int) -> None:
    limit = settings.ANNOUNCEMENT_ATTACHMENTS_MAX
    if announcement.attachments.count() + adding > limit:
        raise ValidationError(
            _("An announcement may have at most %(limit)d attachments.") % {"limit": limit}, code="too_many_files"
        )


def _attach(announcement: Announcement, checked: CheckedFile, actor, position: int) -> Attachment:
    attachment = Attachment.build(checked, announcement=announcement, position=position, uploaded_by=actor)
    attachment.save()
    return attachment


def _attach_all(announcement: Announcement, files: list[CheckedFile], actor) -> None:
    _check_attachment_count(announcement, len(files))
    start = announcement.attachments.count()
    for offset, checked in enumerate(files):
        _attach(announcement, checked, actor, position=start + offset)


@files_atomic  # the files stored and the rows saved: both or neither
def announcement_create(
    *,
    office: Office,
    actor: User | None,
    data: dict,
    target_groups=(),
    files: list[CheckedFile] = (),
    cover: CheckedFile | None = None,
) -> Announcement:
    """A new draft."""
    announcement = Announcement(office=office, created_by=actor, updated_by=actor)
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(announcement, field, data[field])
    if cover is not None:
        cover.save_to(announcement.cover_image)
    announcement.full_clean()
    announcement.save()
    _set_target_groups(announcement, target_groups)
    _attach_all(announcement, list(files), actor)
    AuditEvent.record(actor=actor, action="announcement.created", target=announcement)
    return announcement


@files_atomic
def announcement_update(
    *,
    announcement: Announcement,
    actor: User | None,
    data: dict,
    target_groups=(),
    files: list[CheckedFile] = (),
    cover: CheckedFile | None = None,
    remove_cover: bool = False,
    expected_version: datetime.datetime | None = None,
) -> Announcement:
    """Change the content; a change to a public announcement is kept in its history.

    `expected_version` is the `updated_at` the editor's form was made from: if someone
    saved in between, the change is refused rather than silently overwriting theirs.
    """
    announcement = _locked(announcement)
    if not announcement.is_editable:
        raise ValidationError(_("A withdrawn announcement can no longer be changed."), code="withdrawn")
    if expected_version is not None and announcement.updated_at != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this announcement while you were editing it. Your text is still in the form: "
                "open the announcement in a new tab to see their changes, then save again."
            ),
            code="stale",
        )
    _ensure_first_revision(announcement)
    changed = [field for field in CONTENT_FIELDS if field in data and getattr(announcement, field) != data[field]]
    for field in changed:
        setattr(announcement, field, data[field])
    old_cover = ""
    if cover is not None or (remove_cover and announcement.cover_image):
        old_cover = announcement.cover_image.name
        announcement.cover_image = ""
        changed.append("cover_image")
    if cover is not None:
        cover.save_to(announcement.cover_image)
    announcement.full_clean()
    announcement.updated_by = actor
    announcement.save(update_fields=[*changed, "updated_by", "updated_at"])
    _set_target_groups(announcement, target_groups)
    _attach_all(announcement, list(files), actor)
    if announcement.is_public:
        # What the public reads must stay complete: signed, and with a body or a document.
        _check_ready_to_publish(announcement)
        _record_revision(announcement, actor)
    if old_cover:
        delete_files_on_commit([old_cover])
    AuditEvent.record(actor=actor, action="announcement.changed", target=announcement, fields=changed)
    return announcement


def _check_ready_to_publish(announcement: Announcement) -> None:
    if announcement.is_formal and not (announcement.signer_name and announcement.signer_position):
        raise ValidationError(
            _("A formal announcement needs the signer's name and position before it is published."),
            code="unsigned",
        )
    if not (announcement.body.strip() or announcement.attachments.exists()):
        raise ValidationError(_("Write the body or attach a document before publishing."), code="empty")


@transaction.atomic
def announcement_publish(
    *, announcement: Announcement, actor: User | None, at: datetime.datetime | None = None
) -> tuple[Announcement, bool]:
    """Publish now, or schedule for `at`; a time already past publishes at once.

    Returns the announcement and whether it is public now.
    """
    announcement = _locked(announcement)
    if announcement.status not in {Announcement.Status.DRAFT, Announcement.Status.SCHEDULED} or announcement.is_public:
        raise ValidationError(_("Only a draft or a scheduled announcement can be published."), code="not_draft")
    _check_ready_to_publish(announcement)
    now = timezone.now()
    if at is None or at <= now:
        announcement.status, announcement.published_at = Announcement.Status.PUBLISHED, now
        action = "announcement.published"
    else:
        announcement.status, announcement.published_at = Announcement.Status.SCHEDULED, at
        action = "announcement.scheduled"
    announcement.updated_by = actor
    announcement.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    if announcement.status == Announcement.Status.PUBLISHED:
        _record_revision(announcement, actor)
    AuditEvent.record(actor=actor, action=action, target=announcement, at=announcement.published_at.isoformat())
    # Subscribers hear of it when it is public: now, or at its scheduled time.
    publish_update(
        Update(
            source="announcements",
            office_id=announcement.office_id,
            pk=announcement.pk,
            public_at=announcement.published_at,
        )
    )
    return announcement, announcement.status == Announcement.Status.PUBLISHED


@transaction.atomic
def announcement_unschedule(*, announcement: Announcement, actor: User | None) -> Announcement:
    """Take a scheduled announcement back to draft before its time comes."""
    announcement = _locked(announcement)
    if announcement.status != Announcement.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled announcement can be taken back to draft."), code="not_scheduled")
    if announcement.is_public:
        raise ValidationError(
            _("Its time has come and it is public already; withdraw it instead."), code="already_public"
        )
    announcement.status, announcement.published_at = Announcement.Status.DRAFT, None
    announcement.updated_by = actor
    announcement.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="announcement.unscheduled", target=announcement)
    return announcement


@transaction.atomic
def announcement_withdraw(*, announcement: Announcement, actor: User | None, reason: str) -> Announcement:
    """Withdraw a public announcement: its page stays, marked withdrawn, with the reason."""
    announcement = _locked(announcement)
    if announcement.status == Announcement.Status.WITHDRAWN:
        raise ValidationError(_("This announcement is already withdrawn."), code="already_withdrawn")
    if not announcement.is_public:
        raise ValidationError(
            _("Only a published announcement can be withdrawn; this one is not public."), code="not_public"
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the announcement is withdrawn."), code="no_reason")
    _ensure_first_revision(announcement)
    announcement.status = Announcement.Status.WITHDRAWN
    announcement.withdrawn_at, announcement.withdrawal_reason = timezone.now(), reason
    announcement.updated_by = actor
    announcement.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="announcement.withdrawn", target=announcement, reason=reason)
    return announcement


@files_atomic
def announcement_copy(*, announcement: Announcement, actor: User | None) -> Announcement:
    """A new draft with the same content, groups and files; dated today and without a number."""
    source = Announcement.objects.select_related("office").get(pk=announcement.pk)
    copy = Announcement(office=source.office, created_by=actor, updated_by=actor)
    for field in CONTENT_FIELDS:
        setattr(copy, field, getattr(source, field))
    copy.number = ""
    copy.announced_on = timezone.localdate()
    if source.cover_image:
        with source.cover_image.open("rb") as file:
            store_file(copy.cover_image, copy_name(source.cover_image.name), ContentFile(file.read()))
    copy.save()
    copy.target_groups.set(source.target_groups.all())
    for attachment in source.attachments.all():
        clone = attachment.duplicate(
            announcement=copy, caption=attachment.caption, position=attachment.position, uploaded_by=actor
        )
        clone.save()
    AuditEvent.record(actor=actor, action="announcement.copied", target=copy, source=source.pk)
    return copy


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User | None) -> None:
    """Remove a file from an announcement that is not public yet."""
    announcement = _locked(attachment.announcement)
    if announcement.is_public:
        raise ValidationError(
            _("Files of a public announcement stay with it. Withdraw the announcement and publish a corrected copy."),
            code="public",
        )
    name = attachment.file.name
    AuditEvent.record(
        actor=actor, action="announcement.file_removed", target=announcement, file=attachment.original_name
    )
    attachment.delete()
    delete_files_on_commit([name])
