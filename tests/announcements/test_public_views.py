"""The public announcement pages: the list, formal announcements, news articles, files."""

import datetime
import re

import pytest
from django.utils import timezone

from announcements import services
from announcements.models import Announcement
from participation.uploads import check_upload
from tests.factories import PDF_BYTES, AnnouncementFactory, png_bytes, upload

pytestmark = pytest.mark.django_db


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
        assert "ถอนแล้ว" in html

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
        chainat_home = client.get("/chainat/")
        assert chainat_home.status_code == 200
        assert chainat.name_th in chainat_home.content.decode()
        assert "ร่างชัยนาท" not in chainat_home.content.decode()


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
