"""Issue #11, finding 3: upload limits are enforced while the body is read.

A file past the largest limit of the portal is no longer kept (in memory or in a temporary file) as it
arrives; the form answers with the usual message and keeps the other fields. A body far beyond what any form
takes is refused (413) before it is read.
"""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

from announcements.models import Announcement
from participation.feedback.models import Feedback
from participation.meetings.models import MeetingFile
from participation.uploadhandlers import FILE_LIMIT_SETTINGS, LimitedUploadHandler
from tests.announcements.test_workspace_views import form_data
from tests.factories import PDF_BYTES, MeetingFactory, png_bytes, upload
from tests.feedback.helpers import send

pytestmark = pytest.mark.django_db

FILE_LIMIT = 200_000
CHUNK = 64 * 1024  # what Django's parser hands the upload handlers at a time


@pytest.fixture
def small_limits(settings):
    for name in FILE_LIMIT_SETTINGS:
        setattr(settings, name, FILE_LIMIT)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 50_000  # larger files would go to a temporary file on disk
    settings.FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def kept(monkeypatch):
    """How many bytes of uploaded files Django's own handlers were given to keep (memory or disk)."""
    counted = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            if getattr(self, "activated", True):  # the memory handler passes on what it does not keep
                counted["bytes"] += len(raw_data)
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return counted


def big_pdf(size: int) -> bytes:
    """A valid PDF of about `size` bytes (a long comment before its trailer)."""
    return PDF_BYTES.replace(b"trailer", b"%" + b"0" * size + b"\ntrailer")


class TestFilePastTheLimit:
    def test_is_not_kept_while_it_is_read(self, client, staff_singburi, singburi, small_limits, kept):
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/files/", {"files": [upload("huge.pdf", big_pdf(3_000_000))]}
        )
        assert response.status_code == 200
        assert "“huge.pdf” is 2.9\xa0MB: choose a file smaller than 195.3\xa0KB." in response.content.decode()
        assert not MeetingFile.objects.exists()
        # Before: all 3 MB were spooled to a temporary file before the form refused them.
        assert kept["bytes"] <= FILE_LIMIT + CHUNK

    def test_the_announcement_form_keeps_its_other_fields(self, client, staff_singburi, small_limits, kept):
        client.force_login(staff_singburi)
        response = client.post(
            "/en/manage/singburi/announcements/new/",
            {
                **form_data(subject="ประกาศผลการประชุม"),
                "files": [upload("ok.pdf", PDF_BYTES), upload("huge.pdf", big_pdf(1_000_000))],
                "summary": "after the files in the body",
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "“huge.pdf” is 976.8\xa0KB: choose a file smaller than 195.3\xa0KB." in html
        assert "ประกาศผลการประชุม" in html and "after the files in the body" in html
        assert not Announcement.objects.exists()
        assert kept["bytes"] <= len(PDF_BYTES) + FILE_LIMIT + CHUNK

    def test_the_public_feedback_form(self, client, singburi, small_limits, kept):
        response = send(client, language="/en", files=[upload("photo.png", png_bytes() + b"\0" * 1_500_000)])
        assert response.status_code == 200
        html = response.content.decode()
        assert "“photo.png” is 1.4\xa0MB: choose a file smaller than 195.3\xa0KB." in html
        assert "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก" in html
        assert not Feedback.objects.exists()
        assert kept["bytes"] <= FILE_LIMIT + CHUNK

    def test_files_within_the_limit_pass_as_before(self, client, staff_singburi, singburi, small_limits):
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/files/",
            {"files": [upload("a.pdf", big_pdf(150_000)), upload("b.png", png_bytes())]},
        )
        assert response.status_code == 302
        assert meeting.files.count() == 2


def multipart_claiming(size: int) -> dict:
    """A small multipart body whose Content-Length claims `size` bytes: reading past the real body fails the
    test (the test client's input refuses it), so only a refusal made before reading passes."""
    boundary = "limitsboundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="huge.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + PDF_BYTES
    return {
        "data": body,
        "content_type": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(size),
    }


class TestBodyFarTooLarge:
    def test_refused_before_it_is_read_with_a_clear_page(self, client, singburi):
        response = client.generic("POST", "/en/singburi/feedback/new/", **multipart_claiming(200 * 1024 * 1024))
        assert response.status_code == 413
        html = response.content.decode()
        assert "What you sent is too large" in html and "32.0\xa0MB" in html
        assert not Feedback.objects.exists()

    def test_staff_have_the_larger_limit(self, client, staff_singburi, singburi, settings):
        settings.PUBLIC_UPLOAD_REQUEST_MAX_BYTES = 100_000
        meeting = MeetingFactory(office=singburi)
        response = client.post("/en/singburi/feedback/new/", {"files": [upload("a.pdf", big_pdf(150_000))]})
        assert response.status_code == 413
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/files/", {"files": [upload("a.pdf", big_pdf(150_000))]}
        )
        assert response.status_code == 302 and meeting.files.count() == 1
        response = client.generic(
            "POST", f"/en/manage/singburi/meetings/{meeting.pk}/files/", **multipart_claiming(129 * 1024 * 1024)
        )
        assert response.status_code == 413


def test_the_handler_comes_first():
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == f"{LimitedUploadHandler.__module__}.LimitedUploadHandler"
    assert django_settings.UPLOAD_REQUEST_MAX_BYTES == 128 * 1024 * 1024
