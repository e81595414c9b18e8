"""Issue #11, finding 6: a storage that fails (full disk, no permission, an object store's error) gives a clear
message, and leaves no partial file and no orphan row, for staff uploads and the public feedback form."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError

from announcements.models import Announcement, Attachment
from participation.feedback.models import Feedback, FeedbackFile
from participation.meetings import services as meeting_services
from participation.meetings.models import MeetingFile
from participation.models import AuditEvent
from participation.uploads import StorageFailed
from tests.announcements.test_workspace_views import form_data
from tests.factories import PDF_BYTES, AnnouncementFactory, MeetingFactory, png_bytes, upload
from tests.feedback.helpers import send
from tests.helpers import pdf, photo

pytestmark = pytest.mark.django_db

STORAGE_MESSAGE = "could not be stored just now"


class FailingStorage(FileSystemStorage):
    """Stores `FailingStorage.allowed` files, then fails on the next one as set by `FailingStorage.error`:
    ENOSPC after writing half the bytes (a disk that fills up mid-file), or another error before writing."""

    allowed = 0
    error: BaseException = OSError(errno.ENOSPC, "No space left on device")
    partial = True

    def _save(self, name, content):
        if FailingStorage.allowed > 0:
            FailingStorage.allowed -= 1
            return super()._save(name, content)
        if FailingStorage.partial:
            path = self.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = content.read()
            with open(path, "wb") as file:
                file.write(data[: len(data) // 2])
        raise FailingStorage.error


@pytest.fixture
def failing_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FailingStorage"}}

    def fail(*, after: int = 0, error: BaseException | None = None, partial: bool = True):
        FailingStorage.allowed = after
        FailingStorage.error = error or OSError(errno.ENOSPC, "No space left on device")
        FailingStorage.partial = partial

    fail()
    return fail


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


class TestMeetingFiles:
    def test_disk_full_on_the_second_photo(self, client, staff_singburi, singburi, failing_storage, media_root):
        failing_storage(after=1)
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/files/",
            {"files": [upload("a.png", png_bytes()), upload("b.png", png_bytes(color=(0, 0, 200)))]},
        )
        assert response.status_code == 503
        assert STORAGE_MESSAGE in response.content.decode()
        assert not MeetingFile.objects.exists()
        assert stored_files(media_root) == []

    @pytest.mark.parametrize(
        "error",
        [PermissionError(errno.EACCES, "Permission denied"), RuntimeError("object store: 503 Slow Down")],
        ids=["unwritable", "object-store"],
    )
    def test_other_storage_errors(self, client, staff_singburi, singburi, failing_storage, media_root, error):
        failing_storage(error=error, partial=False)
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/files/", {"files": [upload("a.png", png_bytes())]}
        )
        assert response.status_code == 503
        assert STORAGE_MESSAGE in response.content.decode()
        assert not MeetingFile.objects.exists()

    def test_a_database_failure_after_the_files_were_stored_removes_them(
        self, singburi, staff_singburi, media_root, monkeypatch
    ):
        meeting = MeetingFactory(office=singburi)

        def broken(**kwargs):
            raise DatabaseError("connection lost")

        monkeypatch.setattr(AuditEvent, "record", broken)
        with pytest.raises(DatabaseError):
            meeting_services.meeting_add_files(meeting=meeting, actor=staff_singburi, files=[photo(), pdf()])
        assert not MeetingFile.objects.exists()
        assert stored_files(media_root) == []


class TestAnnouncements:
    def test_disk_full_on_the_second_attachment(self, client, staff_singburi, failing_storage, media_root):
        failing_storage(after=1)
        client.force_login(staff_singburi)
        response = client.post(
            "/en/manage/singburi/announcements/new/",
            {
                **form_data(subject="ประกาศรับฟังความคิดเห็น"),
                "files": [upload("a.pdf", PDF_BYTES), upload("b.pdf", PDF_BYTES)],
            },
        )
        assert response.status_code == 503
        html = response.content.decode()
        assert STORAGE_MESSAGE in html
        assert "ประกาศรับฟังความคิดเห็น" in html  # the text is kept in the form
        assert not Announcement.objects.exists() and not Attachment.objects.exists()
        assert stored_files(media_root) == []

    def test_disk_full_on_the_cover(self, client, staff_singburi, failing_storage, media_root):
        client.force_login(staff_singburi)
        response = client.post(
            "/en/manage/singburi/announcements/new/",
            {**form_data(), "cover": upload("cover.png", png_bytes()), "cover_alt": "ภาพการประชุม"},
        )
        assert response.status_code == 503
        assert not Announcement.objects.exists()
        assert stored_files(media_root) == []

    def test_copy_with_the_disk_full(self, client, staff_singburi, singburi, settings, media_root, failing_storage):
        failing_storage(after=10)
        announcement = AnnouncementFactory(office=singburi)
        Attachment.build(pdf(), announcement=announcement, position=0).save()
        failing_storage(after=0)
        client.force_login(staff_singburi)
        response = client.post(f"/en/manage/singburi/announcements/{announcement.pk}/copy/")
        assert response.status_code == 200
        assert STORAGE_MESSAGE in response.content.decode()
        assert Announcement.objects.count() == 1 and Attachment.objects.count() == 1
        assert len(stored_files(media_root)) == 1  # the original's file only


class TestFeedback:
    def test_disk_full_on_the_second_attachment(self, client, singburi, settings, failing_storage, media_root):
        settings.FEEDBACK_MIN_SECONDS = 0
        failing_storage(after=1)
        response = send(
            client,
            language="/en",
            files=[upload("a.png", png_bytes()), upload("b.pdf", PDF_BYTES)],
        )
        assert response.status_code == 503
        html = response.content.decode()
        assert "could not store your message" in html
        assert "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก" in html  # the message is kept in the form
        assert not Feedback.objects.exists() and not FeedbackFile.objects.exists()
        assert stored_files(media_root) == []


def test_store_file_raises_storage_failed_and_keeps_nothing(singburi, failing_storage, media_root):
    meeting = MeetingFactory(office=singburi)
    with pytest.raises(StorageFailed) as error:
        MeetingFile.build(photo(), meeting=meeting)
    assert isinstance(error.value, OSError)
    assert stored_files(media_root) == []
