"""Uploads in an S3-compatible bucket (django-storages' S3 backend against moto's real server, started by
the tests): stored privately, checked before they are stored, served after the portal's permission checks
(streamed, or a redirect to a short-lived signed link), removed from the bucket when their row is gone for
good, and never left behind when a write fails. Also the backup commands' half for files."""

import hashlib
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from announcements import services
from announcements.models import Announcement
from tests.factories import PDF_BYTES, png_bytes, upload
from tests.s3server import S3Server, s3_or_skip

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {
    "kind": "news",
    "subject": "ประกาศพร้อมไฟล์แนบ",
    "summary": "สรุป",
    "body": "เนื้อหา",
    "announced_on": "2025-11-20",
    "participation_level": "inform",
    "principles": ["transparency"],
}


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server, for this module's tests (each makes a bucket of its own)."""
    s3_or_skip()
    with S3Server() as server:
        yield server


@pytest.fixture
def bucket(s3_server, settings, request):
    name = "portal-" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:12]
    s3_server.make_bucket(name)
    env = s3_server.settings(name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": env["S3_ENDPOINT_URL"],
                "region_name": env["S3_REGION"],
                "access_key": env["S3_ACCESS_KEY_ID"],
                "secret_key": env["S3_SECRET_ACCESS_KEY"],
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    settings.S3_SIGNED_URL_SECONDS = 0
    return name


def create_announcement(client, staff, files):
    client.force_login(staff)
    response = client.post("/manage/singburi/announcements/new/", {**FORM, "files": files})
    assert response.status_code in (200, 302)
    return Announcement.objects.filter(subject=FORM["subject"]).first()


def test_an_attachment_goes_to_the_bucket_and_is_served_after_the_checks(
    client, staff_singburi, staff_other_office, s3_server, bucket
):
    announcement = create_announcement(client, staff_singburi, [upload("แผนงาน.pdf", PDF_BYTES)])
    attachment = announcement.attachments.get()
    stored = s3_server.objects(bucket)
    assert list(stored) == [attachment.file.name] and stored[attachment.file.name] == PDF_BYTES
    # Private: the bucket does not give it to someone without the keys.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{s3_server.endpoint}/{bucket}/{attachment.file.name}", timeout=10)
    address = f"/singburi/announcements/{announcement.pk}/files/{attachment.pk}/"
    client.logout()
    assert client.get(address).status_code == 404  # a draft: not for the public
    client.force_login(staff_other_office)
    assert client.get(address).status_code == 404
    services.announcement_publish(announcement=announcement, actor=staff_singburi)
    client.logout()
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_refused_file_never_reaches_the_bucket(client, staff_singburi, s3_server, bucket):
    polyglot = png_bytes() + b"<html><script>alert(1)</script></html>"
    create_announcement(client, staff_singburi, [upload("photo.png", polyglot)])
    active_pdf = PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>")
    create_announcement(client, staff_singburi, [upload("x.pdf", active_pdf)])
    assert not Announcement.objects.exists()
    assert s3_server.objects(bucket) == {}


def test_files_of_a_failed_write_are_removed_from_the_bucket(client, staff_singburi, s3_server, bucket, monkeypatch):
    seen = {}

    def fail(*args, action, **kwargs):
        if action == "announcement.created":  # after both files went to the bucket
            seen["objects"] = len(s3_server.objects(bucket))
            raise RuntimeError("the database refused the row")

    monkeypatch.setattr("announcements.services.AuditEvent.record", fail)
    with pytest.raises(RuntimeError):
        create_announcement(client, staff_singburi, [upload("a.pdf", PDF_BYTES), upload("b.pdf", PDF_BYTES)])
    assert seen == {"objects": 2}
    assert not Announcement.objects.exists()
    assert s3_server.objects(bucket) == {}


def test_a_removed_attachment_leaves_the_bucket_on_commit(client, staff_singburi, s3_server, bucket):
    announcement = create_announcement(client, staff_singburi, [upload("a.pdf", PDF_BYTES)])
    attachment = announcement.attachments.get()
    name = attachment.file.name
    with transaction.atomic():
        services.attachment_remove(attachment=attachment, actor=staff_singburi)
        assert name in s3_server.objects(bucket)  # still there until the row is gone for good
    assert s3_server.objects(bucket) == {}


def test_signed_links_after_the_same_checks(client, staff_singburi, s3_server, bucket, settings):
    settings.S3_SIGNED_URL_SECONDS = 30
    announcement = create_announcement(client, staff_singburi, [upload("แผนงาน.pdf", PDF_BYTES)])
    attachment = announcement.attachments.get()
    address = f"/singburi/announcements/{announcement.pk}/files/{attachment.pk}/"
    client.logout()
    assert client.get(address).status_code == 404  # the checks come first: no link for a draft
    services.announcement_publish(announcement=announcement, actor=staff_singburi)
    response = client.get(address)
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
    link = response["Location"]
    query = parse_qs(urlparse(link).query)
    assert query["X-Amz-Expires"] == ["30"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(link, timeout=10) as answer:
        assert answer.read() == PDF_BYTES
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"].startswith("attachment;")


def test_export_and_import_files_between_buckets(client, staff_singburi, s3_server, bucket, settings, tmp_path):
    announcement = create_announcement(
        client, staff_singburi, [upload("a.pdf", PDF_BYTES), upload("p.png", png_bytes())]
    )
    before = s3_server.objects(bucket)
    assert len(before) == 2
    call_command("export_files", str(tmp_path / "files"))
    assert len((tmp_path / "files" / "MANIFEST.sha256").read_text().splitlines()) == 2
    fresh = bucket + "-restored"
    s3_server.make_bucket(fresh)
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = fresh
    settings.STORAGES = {**settings.STORAGES}  # tell Django the storages changed
    call_command("import_files", str(tmp_path / "files"))
    assert s3_server.objects(fresh) == before
    assert default_storage.exists(announcement.attachments.first().file.name)
