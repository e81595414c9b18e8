"""Announcements in the workspace: writing, files, publishing, withdrawing, copying, history."""

import datetime
import re

import pytest
from django.utils import timezone

from announcements import services
from announcements.models import Announcement
from tests.factories import PDF_BYTES, AnnouncementFactory, png_bytes, upload

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    """What the announcement form posts, with some fields replaced."""
    data = {
        "kind": "news",
        "subject": "ข่าวใหม่จากเจ้าหน้าที่",
        "summary": "สรุป",
        "body": "เนื้อหา",
        "announced_on": "2025-11-20",
        "participation_level": "inform",
        "channels": ["website", "line"],
        "principles": ["transparency"],
    }
    data.update(overrides)
    return data


class TestWorkspace:
    def test_create_then_preview(self, client, staff_singburi):
        client.force_login(staff_singburi)
        response = client.post(
            "/manage/singburi/announcements/new/",
            {**form_data(), "files": [upload("แผน.pdf", PDF_BYTES)]},
            follow=True,
        )
        announcement = Announcement.objects.get(subject="ข่าวใหม่จากเจ้าหน้าที่")
        assert response.redirect_chain[-1][0] == announcement.get_manage_url()
        assert announcement.status == "draft" and announcement.channels == ["website", "line"]
        assert announcement.created_by == staff_singburi
        assert "แผน.pdf" in response.content.decode()

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("photo.png", png_bytes() + b"<html><script>alert(1)</script></html>"),
            ("logo.svg", b"<svg><script>alert(1)</script></svg>"),
            ("a.pdf.html", b"<html></html>"),
            ("../../x.pdf", b"<html>not a pdf</html>"),
        ],
    )
    def test_bad_attachment_keeps_the_rest_of_the_form(self, client, staff_singburi, name, content):
        client.force_login(staff_singburi)
        response = client.post("/manage/singburi/announcements/new/", {**form_data(), "files": [upload(name, content)]})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="ข่าวใหม่จากเจ้าหน้าที่"' in html
        assert name.rsplit("/", 1)[-1] in html
        assert not Announcement.objects.exists()

    def test_too_many_files(self, client, staff_singburi, settings):
        settings.ANNOUNCEMENT_ATTACHMENTS_MAX = 2
        client.force_login(staff_singburi)
        files = [upload(f"f{i}.pdf", PDF_BYTES) for i in range(3)]
        response = client.post("/manage/singburi/announcements/new/", {**form_data(), "files": files})
        assert response.status_code == 200
        assert not Announcement.objects.exists()

    def test_file_over_the_limit(self, client, staff_singburi, settings):
        settings.ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = 100
        client.force_login(staff_singburi)
        response = client.post(
            "/en/manage/singburi/announcements/new/", {**form_data(), "files": [upload("big.pdf", PDF_BYTES)]}
        )
        assert "choose a file smaller than" in response.content.decode()

    def test_publish_in_the_past_says_so(self, client, staff_singburi, singburi):
        draft = AnnouncementFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/announcements/{draft.pk}/publish/",
            {"when": "later", "publish_at": "2020-01-01T09:00"},
            follow=True,
        )
        draft.refresh_from_db()
        assert draft.status == "published"
        assert "already passed, so it was published now" in response.content.decode()

    def test_schedule_for_later(self, client, staff_singburi, singburi):
        draft = AnnouncementFactory(office=singburi)
        client.force_login(staff_singburi)
        later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        client.post(f"/manage/singburi/announcements/{draft.pk}/publish/", {"when": "later", "publish_at": later})
        draft.refresh_from_db()
        assert draft.status == "scheduled"
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_publishing_another_offices_draft_is_404(self, client, staff_singburi, chainat):
        draft = AnnouncementFactory(office=chainat)
        client.force_login(staff_singburi)
        for path in [
            f"/manage/singburi/announcements/{draft.pk}/publish/",
            f"/manage/chainat/announcements/{draft.pk}/publish/",
        ]:
            assert client.post(path, {"when": "now"}).status_code == 404
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_withdrawing_a_draft_is_refused_with_a_message(self, client, staff_singburi, singburi):
        draft = AnnouncementFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/announcements/{draft.pk}/withdraw/", {"reason": "ไม่ใช้แล้ว"}, follow=True
        )
        draft.refresh_from_db()
        assert draft.status == "draft"
        assert "Only a published announcement can be withdrawn" in response.content.decode()

    def test_withdraw_needs_a_reason_and_keeps_the_form(self, client, staff_singburi, singburi):
        announcement = AnnouncementFactory(office=singburi, published=True)
        client.force_login(staff_singburi)
        response = client.post(f"/manage/singburi/announcements/{announcement.pk}/withdraw/", {"reason": ""})
        assert response.status_code == 200
        announcement.refresh_from_db()
        assert announcement.status == "published"

    def test_copy(self, client, staff_singburi, singburi):
        announcement = AnnouncementFactory(office=singburi, published=True, subject="ต้นฉบับ")
        client.force_login(staff_singburi)
        response = client.post(f"/manage/singburi/announcements/{announcement.pk}/copy/")
        copy = Announcement.objects.exclude(pk=announcement.pk).get()
        assert response["Location"] == copy.get_manage_url()
        assert copy.subject == "ต้นฉบับ" and copy.status == "draft"

    def test_search_and_filters(self, client, staff_singburi, singburi):
        AnnouncementFactory(office=singburi, subject="เรื่องงบประมาณ")
        AnnouncementFactory(office=singburi, subject="เรื่องอื่น", published=True)
        client.force_login(staff_singburi)
        html = client.get("/manage/singburi/announcements/?q=งบประมาณ").content.decode()
        assert "เรื่องงบประมาณ" in html and "เรื่องอื่น" not in html
        html = client.get("/manage/singburi/announcements/?status=published").content.decode()
        assert "เรื่องอื่น" in html and "เรื่องงบประมาณ" not in html

    def test_history_shows_the_versions(self, client, staff_singburi, singburi):
        announcement = AnnouncementFactory(office=singburi, body="ข้อความเดิม")
        services.announcement_publish(announcement=announcement, actor=staff_singburi)
        client.force_login(staff_singburi)
        client.post(
            f"/manage/singburi/announcements/{announcement.pk}/edit/",
            form_data(subject=announcement.subject, body="ข้อความใหม่"),
        )
        html = client.get(f"/manage/singburi/announcements/{announcement.pk}/history/").content.decode()
        assert "-ข้อความเดิม" in html and "+ข้อความใหม่" in html


def test_staff_published_filter_includes_scheduled_items_whose_time_has_come(client, staff_singburi, singburi):
    AnnouncementFactory(
        office=singburi,
        subject="ถึงเวลาแล้ว",
        status="scheduled",
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    AnnouncementFactory(
        office=singburi, subject="ยังไม่ถึง", status="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    client.force_login(staff_singburi)
    published = client.get("/manage/singburi/announcements/?status=published").content.decode()
    scheduled = client.get("/manage/singburi/announcements/?status=scheduled").content.decode()
    assert "ถึงเวลาแล้ว" in published and "ยังไม่ถึง" not in published
    assert "ยังไม่ถึง" in scheduled and "ถึงเวลาแล้ว" not in scheduled


def test_a_stale_edit_keeps_the_text_and_says_why(client, staff_singburi, singburi):
    announcement = AnnouncementFactory(office=singburi)
    client.force_login(staff_singburi)
    form = client.get(f"/en/manage/singburi/announcements/{announcement.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="([^"]+)"', form).group(1)
    Announcement.objects.filter(pk=announcement.pk).update(body="changed elsewhere", updated_at=timezone.now())
    data = form_data(subject="หัวข้อของฉัน", body="ข้อความของฉัน", version=version)
    response = client.post(f"/en/manage/singburi/announcements/{announcement.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this announcement" in html
    assert "ข้อความของฉัน" in html
