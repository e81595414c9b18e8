import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from announcements import services
from announcements.models import Announcement, Attachment
from participation.models import AuditEvent
from participation.uploads import check_upload
from tests.factories import PDF_BYTES, AnnouncementFactory, StakeholderGroupFactory, png_bytes, upload
from tests.helpers import pdf

pytestmark = pytest.mark.django_db
Status = Announcement.Status


def content(**overrides):
    data = {"kind": "news", "subject": "ข่าวทดสอบ", "summary": "สรุป", "body": "เนื้อหา", "channels": ["website"]}
    data.update(overrides)
    return data


def test_create_makes_a_draft_with_files_and_only_own_groups(singburi, chainat, staff_singburi):
    own, foreign = StakeholderGroupFactory(office=singburi), StakeholderGroupFactory(office=chainat)
    announcement = services.announcement_create(
        office=singburi, actor=staff_singburi, data=content(), target_groups=[own, foreign], files=[pdf()]
    )
    assert announcement.status == Status.DRAFT and announcement.published_at is None
    assert list(announcement.target_groups.all()) == [own]
    attachment = announcement.attachments.get()
    assert attachment.file.name.startswith("announcements/singburi/") and attachment.file.name.endswith(".pdf")
    assert attachment.original_name == "report.pdf"
    assert AuditEvent.objects.filter(action="announcement.created", actor=staff_singburi).exists()


def test_publish_now(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi)
    announcement, now_public = services.announcement_publish(announcement=draft, actor=staff_singburi)
    assert now_public and announcement.status == Status.PUBLISHED
    assert announcement.revisions.count() == 1
    assert Announcement.objects.public().filter(pk=draft.pk).exists()


def test_schedule_appears_by_itself_when_the_time_comes(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi)
    later = timezone.now() + datetime.timedelta(hours=2)
    announcement, now_public = services.announcement_publish(announcement=draft, actor=staff_singburi, at=later)
    assert not now_public and announcement.status == Status.SCHEDULED
    assert not Announcement.objects.public().filter(pk=draft.pk).exists()
    # No job runs: the public query itself lets it through once its time has passed.
    assert Announcement.objects.public(now=later + datetime.timedelta(seconds=1)).filter(pk=draft.pk).exists()


def test_schedule_in_the_past_publishes_at_once(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi)
    earlier = timezone.now() - datetime.timedelta(hours=1)
    announcement, now_public = services.announcement_publish(announcement=draft, actor=staff_singburi, at=earlier)
    assert now_public and announcement.status == Status.PUBLISHED
    assert announcement.published_at > earlier


def test_publishing_twice_is_refused(singburi, staff_singburi):
    published = AnnouncementFactory(office=singburi, published=True)
    with pytest.raises(ValidationError):
        services.announcement_publish(announcement=published, actor=staff_singburi)


def test_formal_announcement_needs_a_signer(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi, kind=Announcement.Kind.ANNOUNCEMENT, signer_name="")
    with pytest.raises(ValidationError) as error:
        services.announcement_publish(announcement=draft, actor=staff_singburi)
    assert error.value.code == "unsigned"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_unschedule(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi)
    services.announcement_publish(
        announcement=draft, actor=staff_singburi, at=timezone.now() + datetime.timedelta(days=1)
    )
    announcement = services.announcement_unschedule(announcement=draft, actor=staff_singburi)
    assert announcement.status == Status.DRAFT and announcement.published_at is None


def test_withdraw_keeps_the_page_with_its_reason(singburi, staff_singburi):
    published = AnnouncementFactory(office=singburi, published=True)
    announcement = services.announcement_withdraw(announcement=published, actor=staff_singburi, reason="ข้อมูลผิด")
    assert announcement.status == Status.WITHDRAWN and announcement.withdrawal_reason == "ข้อมูลผิด"
    assert Announcement.objects.public().filter(pk=published.pk).exists()
    assert not Announcement.objects.live().filter(pk=published.pk).exists()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda office: AnnouncementFactory(office=office), "not_public"),  # a draft
        (
            lambda office: AnnouncementFactory(
                office=office, status=Status.WITHDRAWN, published_at=timezone.now(), withdrawn_at=timezone.now()
            ),
            "already_withdrawn",
        ),
    ],
)
def test_withdraw_refusals(singburi, staff_singburi, make, code):
    with pytest.raises(ValidationError) as error:
        services.announcement_withdraw(announcement=make(singburi), actor=staff_singburi, reason="เหตุผล")
    assert error.value.code == code


def test_withdraw_needs_a_reason(singburi, staff_singburi):
    published = AnnouncementFactory(office=singburi, published=True)
    with pytest.raises(ValidationError):
        services.announcement_withdraw(announcement=published, actor=staff_singburi, reason="   ")


def test_withdrawn_cannot_be_edited(singburi, staff_singburi):
    published = AnnouncementFactory(office=singburi, published=True)
    services.announcement_withdraw(announcement=published, actor=staff_singburi, reason="เหตุผล")
    with pytest.raises(ValidationError):
        services.announcement_update(announcement=published, actor=staff_singburi, data=content(subject="ใหม่"))


def test_every_change_to_a_published_announcement_is_kept(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi, body="ฉบับแรก")
    services.announcement_publish(announcement=draft, actor=staff_singburi)
    services.announcement_update(announcement=draft, actor=staff_singburi, data=content(body="ฉบับแก้ไข"))
    services.announcement_update(announcement=draft, actor=staff_singburi, data=content(body="ฉบับแก้ไข"))
    bodies = list(draft.revisions.order_by("number").values_list("snapshot__body", flat=True))
    assert bodies == ["ฉบับแรก", "ฉบับแก้ไข"]


def test_draft_edits_make_no_history(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi)
    services.announcement_update(announcement=draft, actor=staff_singburi, data=content(body="ร่างใหม่"))
    assert not draft.revisions.exists()


def test_copy_is_a_new_draft_with_its_own_files(singburi, staff_singburi):
    source = services.announcement_create(office=singburi, actor=staff_singburi, data=content(), files=[pdf()])
    services.announcement_publish(announcement=source, actor=staff_singburi)
    copy = services.announcement_copy(announcement=source, actor=staff_singburi)
    assert copy.pk != source.pk and copy.status == Status.DRAFT and copy.number == ""
    assert copy.attachments.get().file.name != source.attachments.get().file.name
    assert copy.attachments.get().file.read() == PDF_BYTES


def test_attachment_count_limit(singburi, staff_singburi, settings):
    settings.ANNOUNCEMENT_ATTACHMENTS_MAX = 2
    with pytest.raises(ValidationError):
        services.announcement_create(office=singburi, actor=staff_singburi, data=content(), files=[pdf()] * 3)
    assert not Announcement.objects.exists()  # nothing half-saved


def test_files_of_a_public_announcement_stay(singburi, staff_singburi):
    announcement = services.announcement_create(office=singburi, actor=staff_singburi, data=content(), files=[pdf()])
    services.announcement_publish(announcement=announcement, actor=staff_singburi)
    with pytest.raises(ValidationError):
        services.attachment_remove(attachment=announcement.attachments.get(), actor=staff_singburi)
    assert Attachment.objects.count() == 1


def test_remove_file_from_a_draft(singburi, staff_singburi, media_root):
    photo = check_upload(upload("p.png", png_bytes()), max_bytes=10**6)
    announcement = services.announcement_create(office=singburi, actor=staff_singburi, data=content(), files=[photo])
    attachment = announcement.attachments.get()
    path = media_root / attachment.file.name
    assert path.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.attachment_remove(attachment=attachment, actor=staff_singburi)
    assert not path.exists()


def test_history_keeps_what_went_public_after_a_schedule(singburi, staff_singburi):
    draft = AnnouncementFactory(office=singburi, body="ข้อความตอนตั้งเวลา")
    services.announcement_publish(
        announcement=draft, actor=staff_singburi, at=timezone.now() + datetime.timedelta(hours=1)
    )
    services.announcement_update(announcement=draft, actor=staff_singburi, data=content(body="แก้ก่อนถึงเวลา"))
    assert not draft.revisions.exists()  # nothing was public yet
    Announcement.objects.filter(pk=draft.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    services.announcement_update(announcement=draft, actor=staff_singburi, data=content(body="แก้หลังเผยแพร่"))
    bodies = list(draft.revisions.order_by("number").values_list("snapshot__body", flat=True))
    assert bodies == ["แก้ก่อนถึงเวลา", "แก้หลังเผยแพร่"]


def test_a_public_announcement_cannot_lose_its_signer(singburi, staff_singburi):
    formal = AnnouncementFactory(
        office=singburi, kind="announcement", signer_name="ผอ.", signer_position="ผู้อำนวยการ", published=True
    )
    with pytest.raises(ValidationError):
        services.announcement_update(
            announcement=formal, actor=staff_singburi, data=content(kind="announcement", signer_name="")
        )
    formal.refresh_from_db()
    assert formal.signer_name == "ผอ."


def test_a_stale_form_does_not_overwrite_a_colleagues_edit(singburi, staff_singburi, director_singburi):
    draft = AnnouncementFactory(office=singburi, body="เดิม")
    seen = draft.updated_at
    services.announcement_update(announcement=draft, actor=director_singburi, data=content(body="ของผู้อำนวยการ"))
    with pytest.raises(ValidationError) as error:
        services.announcement_update(
            announcement=draft, actor=staff_singburi, data=content(body="ของเจ้าหน้าที่"), expected_version=seen
        )
    assert error.value.code == "stale"
    draft.refresh_from_db()
    assert draft.body == "ของผู้อำนวยการ"
