import datetime
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import services
from announcements.models import Announcement
from participation.uploads import check_upload
from tests.factories import PDF_BYTES, AnnouncementFactory, OfficeFactory, png_bytes, upload

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestPublicPages:
    def test_list_shows_published_and_marks_withdrawn(self, client, singburi):
        AnnouncementFactory(office=singburi, published=True, subject="ข่าวเผยแพร่")
        AnnouncementFactory(office=singburi, subject="ร่างลับ")
        AnnouncementFactory(
            office=singburi,
            subject="ข่าวที่ถอน",
            status=Announcement.Status.WITHDRAWN,
            published_at=timezone.now(),
            withdrawn_at=timezone.now(),
        )
        html = client.get("/singburi/announcements/").content.decode()
        assert "ข่าวเผยแพร่" in html and "ข่าวที่ถอน" in html and "ร่างลับ" not in html
        assert "ยกเลิกแล้ว" in html

    def test_filters_by_kind_and_fiscal_year(self, client, singburi):
        AnnouncementFactory(office=singburi, published=True, subject="ก่อนปีงบ", announced_on=datetime.date(2024, 9, 30))
        AnnouncementFactory(office=singburi, published=True, subject="ต้นปีงบ", announced_on=datetime.date(2024, 10, 1))
        AnnouncementFactory(
            office=singburi,
            published=True,
            subject="ประกาศทางการ",
            kind="announcement",
            announced_on=datetime.date(2025, 1, 5),
        )
        html = client.get("/singburi/announcements/?year=2568").content.decode()
        assert "ต้นปีงบ" in html and "ประกาศทางการ" in html and "ก่อนปีงบ" not in html
        html = client.get("/singburi/announcements/?year=2568&kind=announcement").content.decode()
        assert "ประกาศทางการ" in html and "ต้นปีงบ" not in html
        assert client.get("/singburi/announcements/?year=abc&kind=zzz").status_code == 200

    def test_pagination_keeps_the_filters(self, client, singburi):
        AnnouncementFactory.create_batch(25, office=singburi, published=True, kind="news")
        html = client.get("/singburi/announcements/?kind=news").content.decode()
        assert "kind=news&amp;page=2" in html

    def test_formal_announcement_in_the_official_thai_layout(self, client, singburi):
        announcement = AnnouncementFactory(
            office=singburi,
            published=True,
            kind="announcement",
            number="12/2568",
            subject="มาตรการการมีส่วนร่วม",
            body="ตามรัฐธรรมนูญ พ.ศ. 2560 [ลิงก์](https://example.org/2560)",
            announced_on=datetime.date(2019, 6, 15),
            signer_name="นางสาวลออ วิลัย",
            signer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        )
        html = client.get(announcement.get_absolute_url()).content.decode()
        assert f"ประกาศ{singburi.name_th}" in html
        assert "เรื่อง มาตรการการมีส่วนร่วม" in html
        assert "ประกาศ ณ วันที่ ๑๕ มิถุนายน พ.ศ. ๒๕๖๒" in html
        assert "ที่ ๑๒/๒๕๖๘" in html
        assert "(นางสาวลออ วิลัย)" in html
        assert "พ.ศ. ๒๕๖๐" in html  # digits in the body's text are Thai …
        assert 'href="https://example.org/2560"' in html  # … but not in its links

    def test_news_is_an_article_with_photos(self, client, world):
        html = client.get(f"/singburi/announcements/{world['pub']}/").content.decode()
        assert '<article class="news-article"' in html
        assert f"/singburi/announcements/{world['pub']}/photos/{world['photo']}/" in html
        assert f"/singburi/announcements/{world['pub']}/files/{world['pdf']}/" in html

    def test_open_graph_tags(self, client, world):
        html = client.get(f"/singburi/announcements/{world['pub']}/").content.decode()
        assert '<meta property="og:title" content="ข่าวที่เผยแพร่แล้ว">' in html
        assert re.search(
            r'<meta property="og:image" content="http://testserver/singburi/announcements/\d+/cover/">', html
        )
        assert f'<meta property="og:url" content="http://testserver/singburi/announcements/{world["pub"]}/">' in html

    def test_script_in_the_body_never_reaches_the_page(self, client, singburi):
        announcement = AnnouncementFactory(
            office=singburi,
            published=True,
            body='<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
            '<p onclick="alert(4)">ข้อความ</p>',
        )
        html = client.get(announcement.get_absolute_url()).content.decode()
        for evil in ["alert(1)", "onerror", "javascript:", "onclick"]:
            assert evil not in html
        assert "ข้อความ" in html

    def test_withdrawn_page_stays_with_its_reason(self, client, singburi):
        announcement = AnnouncementFactory(
            office=singburi,
            status=Announcement.Status.WITHDRAWN,
            published_at=timezone.now(),
            withdrawn_at=timezone.now(),
            withdrawal_reason="ตัวเลขในประกาศไม่ถูกต้อง",
        )
        response = client.get(announcement.get_absolute_url())
        assert response.status_code == 200
        assert "ตัวเลขในประกาศไม่ถูกต้อง" in response.content.decode()

    def test_scheduled_appears_when_its_time_has_come(self, client, singburi):
        future = AnnouncementFactory(
            office=singburi, status="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        due = AnnouncementFactory(
            office=singburi, status="scheduled", published_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        assert client.get(future.get_absolute_url()).status_code == 404
        assert client.get(due.get_absolute_url()).status_code == 200

    def test_download_headers(self, client, world):
        response = client.get(f"/singburi/announcements/{world['pub']}/files/{world['pdf']}/")
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="report.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES

    def test_homes_show_the_latest(self, client, singburi, chainat):
        AnnouncementFactory(office=singburi, published=True, subject="ข่าวล่าสุดสิงห์บุรี")
        AnnouncementFactory(office=chainat, subject="ร่างชัยนาท")
        assert "ข่าวล่าสุดสิงห์บุรี" in client.get("/").content.decode()
        assert "ข่าวล่าสุดสิงห์บุรี" in client.get("/singburi/").content.decode()
        assert "ร่างชัยนาท" not in client.get("/chainat/").content.decode()


class TestFeedsAndSitemap:
    def test_office_feed_is_valid(self, client, singburi, chainat):
        AnnouncementFactory(office=singburi, published=True, subject="ข่าวในฟีด")
        AnnouncementFactory(office=singburi, subject="ร่างไม่อยู่ในฟีด")
        AnnouncementFactory(office=chainat, published=True, subject="ข่าวสำนักงานอื่น")
        feed = feedparser.parse(client.get("/singburi/feed.xml").content)
        assert not feed.bozo, feed.bozo_exception
        titles = [entry.title for entry in feed.entries]
        assert titles == ["ข่าวในฟีด"]
        pk = Announcement.objects.get(subject="ข่าวในฟีด").pk
        assert feed.entries[0].link.endswith(f"/singburi/announcements/{pk}/")

    def test_all_offices_feed_is_valid(self, client, singburi, chainat):
        AnnouncementFactory(office=singburi, published=True, subject="หนึ่ง")
        AnnouncementFactory(office=chainat, published=True, subject="สอง")
        feed = feedparser.parse(client.get("/feed.xml").content)
        assert not feed.bozo, feed.bozo_exception
        assert {entry.title for entry in feed.entries} == {"หนึ่ง", "สอง"}

    def test_feed_of_unknown_office_is_404(self, client):
        assert client.get("/nowhere/feed.xml").status_code == 404

    def test_sitemap_lists_public_pages_only(self, client, singburi):
        published = AnnouncementFactory(office=singburi, published=True)
        draft = AnnouncementFactory(office=singburi)
        index = client.get("/sitemap.xml").content.decode()
        assert "sitemap-announcements.xml" in index
        xml = client.get("/sitemap-announcements.xml").content.decode()
        assert f"/singburi/announcements/{published.pk}/" in xml
        assert (
            f"/en/singburi/announcements/{published.pk}/"
            in client.get("/sitemap-announcements-en.xml").content.decode()
        )
        assert f"/announcements/{draft.pk}/" not in xml


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/singburi/",
            "/singburi/announcements/",
            "/singburi/feed.xml",
            "/feed.xml",
            "/sitemap-announcements.xml",
        ],
    )
    def test_public_pages(self, client, singburi, url):
        AnnouncementFactory.create_batch(2, office=singburi, published=True)
        small = count_queries(client, url)
        other = OfficeFactory()
        AnnouncementFactory.create_batch(30, office=singburi, published=True)
        AnnouncementFactory.create_batch(10, office=other, published=True)
        assert count_queries(client, url) == small

    def test_manage_list(self, client, staff_singburi, singburi):
        client.force_login(staff_singburi)
        AnnouncementFactory.create_batch(2, office=singburi)
        small = count_queries(client, "/manage/singburi/announcements/")
        AnnouncementFactory.create_batch(30, office=singburi, published=True)
        assert count_queries(client, "/manage/singburi/announcements/") == small

    def test_detail(self, client, world, singburi):
        small = count_queries(client, f"/singburi/announcements/{world['pub']}/")
        assert small <= 8


class TestWorkspace:
    def form_data(self, **overrides):
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

    def test_create_then_preview(self, client, staff_singburi):
        client.force_login(staff_singburi)
        response = client.post(
            "/manage/singburi/announcements/new/",
            {**self.form_data(), "files": [upload("แผน.pdf", PDF_BYTES)]},
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
        response = client.post(
            "/manage/singburi/announcements/new/", {**self.form_data(), "files": [upload(name, content)]}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="ข่าวใหม่จากเจ้าหน้าที่"' in html
        assert name.rsplit("/", 1)[-1] in html
        assert not Announcement.objects.exists()

    def test_too_many_files(self, client, staff_singburi, settings):
        settings.ANNOUNCEMENT_ATTACHMENTS_MAX = 2
        client.force_login(staff_singburi)
        files = [upload(f"f{i}.pdf", PDF_BYTES) for i in range(3)]
        response = client.post("/manage/singburi/announcements/new/", {**self.form_data(), "files": files})
        assert response.status_code == 200
        assert not Announcement.objects.exists()

    def test_file_over_the_limit(self, client, staff_singburi, settings):
        settings.ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = 100
        client.force_login(staff_singburi)
        response = client.post(
            "/en/manage/singburi/announcements/new/", {**self.form_data(), "files": [upload("big.pdf", PDF_BYTES)]}
        )
        assert "a file may be at most" in response.content.decode()

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
            self.form_data(subject=announcement.subject, body="ข้อความใหม่"),
        )
        html = client.get(f"/manage/singburi/announcements/{announcement.pk}/history/").content.decode()
        assert "-ข้อความเดิม" in html and "+ข้อความใหม่" in html


def test_photos_of_a_formal_announcement_are_shown(client, singburi, staff_singburi):
    announcement = services.announcement_create(
        office=singburi,
        actor=staff_singburi,
        data={
            "kind": "announcement",
            "subject": "ประกาศพร้อมภาพ",
            "body": "x",
            "signer_name": "ก",
            "signer_position": "ข",
        },
        files=[check_upload(upload("scan.png", png_bytes()), max_bytes=10**6)],
    )
    services.announcement_publish(announcement=announcement, actor=staff_singburi)
    photo = announcement.attachments.get()
    assert photo.image_url in client.get(announcement.get_absolute_url()).content.decode()


def test_feed_descriptions_carry_no_markup_that_runs(client, singburi):
    AnnouncementFactory(office=singburi, published=True, summary="", body='**ตัวหนา** <img src=x onerror="alert(1)">')
    AnnouncementFactory(office=singburi, published=True, summary="<b>สรุป</b>")
    feed = feedparser.parse(client.get("/singburi/feed.xml").content)
    descriptions = " ".join(entry.description for entry in feed.entries)
    assert "onerror" not in descriptions and "<b>สรุป</b>" not in descriptions
    assert all(entry.id.startswith("tag:") for entry in feed.entries)


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
    data = {
        "kind": "news",
        "subject": "หัวข้อของฉัน",
        "body": "ข้อความของฉัน",
        "announced_on": "2025-11-20",
        "participation_level": "inform",
        "version": version,
    }
    response = client.post(f"/en/manage/singburi/announcements/{announcement.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this announcement" in html
    assert "ข้อความของฉัน" in html
