"""Site-wide pages: the national home, the health check, accounts and the workspace dashboard."""

import datetime
import re

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from participation.surveys.models import Survey
from tests.factories import PASSWORD, AnnouncementFactory, MeetingFactory, OfficeFactory
from tests.hearings.helpers import make_hearing

pytestmark = pytest.mark.django_db


class TestHome:
    def test_thai_at_the_root(self, client, singburi, chainat):
        response = client.get("/")
        assert response.status_code == 200
        assert response["Content-Language"] == "th"
        html = response.content.decode()
        assert '<html lang="th">' in html
        assert "หน่วยงาน" in html
        assert singburi.name_th in html and chainat.name_th in html
        assert 'href="/singburi/"' in html

    def test_english_under_en(self, client, singburi):
        response = client.get("/en/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en">' in html
        assert "Offices" in html
        assert singburi.name_en in html
        assert 'href="/en/singburi/"' in html

    def test_language_switch_links_to_the_same_page(self, client, singburi):
        assert 'href="/en/singburi/" hreflang="en"' in client.get("/singburi/").content.decode()
        assert 'href="/singburi/" hreflang="th"' in client.get("/en/singburi/").content.decode()

    def test_inactive_offices_are_not_listed(self, client, singburi):
        OfficeFactory(slug="hidden", name_th="สำนักงานที่ปิดไว้", is_active=False)
        response = client.get("/")
        assert response.status_code == 200
        assert singburi.name_th in response.content.decode()
        assert "สำนักงานที่ปิดไว้" not in response.content.decode()


class TestHomeAcrossOffices:
    """The latest announcements, meetings to come, hearings and surveys open now, of every office."""

    def test_sections_name_each_items_office(self, client, singburi, chainat, staff_singburi):
        now = timezone.now()
        AnnouncementFactory(office=singburi, subject="ประกาศของสิงห์บุรี", published=True)
        AnnouncementFactory(office=chainat, subject="ข่าวของชัยนาท", published=True)
        MeetingFactory(office=chainat, title="เวทีที่กำลังจะมาถึง", registration_open=True)
        MeetingFactory(office=singburi, title="ประชุมภายใน", is_public=False)
        MeetingFactory(office=singburi, title="ประชุมที่จบไปแล้ว", starts_at=now - datetime.timedelta(days=3))
        hearing = make_hearing(singburi, staff_singburi, status="open", title="ร่างแผนที่เปิดรับฟัง")
        make_hearing(singburi, staff_singburi, title="ร่างที่ยังไม่เปิด")
        Survey.objects.create(
            office=chainat, title="แบบสำรวจความพึงพอใจ", status=Survey.Status.OPEN, opens_at=now, closes_at=None
        )
        Survey.objects.create(office=chainat, title="แบบสำรวจฉบับร่าง", opens_at=now)
        html = client.get("/").content.decode()
        for text in ["ประกาศของสิงห์บุรี", "ข่าวของชัยนาท", "เวทีที่กำลังจะมาถึง", hearing.title, "แบบสำรวจความพึงพอใจ"]:
            assert text in html
        for text in ["ประชุมภายใน", "ประชุมที่จบไปแล้ว", "ร่างที่ยังไม่เปิด", "แบบสำรวจฉบับร่าง"]:
            assert text not in html
        meetings = html.split('id="meetings-heading"')[1].split("</section>")[0]
        assert chainat.short_name_th in meetings or chainat.name_th in meetings
        assert 'type="application/rss+xml"' in html

    def test_inactive_offices_show_nothing(self, client, singburi):
        hidden = OfficeFactory(slug="hidden", is_active=False)
        AnnouncementFactory(office=hidden, subject="ประกาศของหน่วยงานที่ปิด", published=True)
        MeetingFactory(office=hidden, title="ประชุมของหน่วยงานที่ปิด")
        html = client.get("/").content.decode()
        assert "ของหน่วยงานที่ปิด" not in html

    def test_upcoming_meetings_soonest_first_and_a_few(self, client, singburi):
        now = timezone.now()
        for days in (9, 2, 5, 7, 3, 8):
            MeetingFactory(office=singburi, title=f"ประชุมอีก {days} วัน", starts_at=now + datetime.timedelta(days=days))
        meetings = client.get("/").content.decode().split('id="meetings-heading"')[1].split("</section>")[0]
        shown = [int(days) for days in re.findall(r"ประชุมอีก (\d+) วัน", meetings)]
        assert shown == [2, 3, 5, 7, 8]


class TestOfficeFinder:
    @pytest.fixture
    def offices(self, singburi, chainat):
        singburi.province, chainat.province = "สิงห์บุรี", "ชัยนาท"
        singburi.save()
        chainat.save()
        return OfficeFactory(
            slug="singburi-sec",
            name_th="สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาสิงห์บุรี",
            name_en="Sing Buri Secondary Educational Service Area Office",
            province="สิงห์บุรี",
        )

    def test_offices_by_province(self, client, offices):
        html = client.get("/").content.decode()
        listing = html.split('id="offices"')[1]
        assert listing.index("<h3>ชัยนาท</h3>") < listing.index("<h3>สิงห์บุรี</h3>")
        sing_buri = listing.split("<h3>สิงห์บุรี</h3>")[1].split("</section>")[0]
        assert "ประถมศึกษาสิงห์บุรี" in sing_buri and "มัธยมศึกษาสิงห์บุรี" in sing_buri
        assert sing_buri.index("ประถม") < sing_buri.index("มัธยม")  # primary, then secondary

    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ("?office=มัธยม", {"singburi-sec"}),
            ("?office=สิงห์บุรี", {"singburi", "singburi-sec"}),
            ("?office=chai+nat", {"chainat"}),  # English, any case
            ("?office=CHAINAT", {"chainat"}),  # the address name
            ("?province=สิงห์บุรี", {"singburi", "singburi-sec"}),
            ("?office=ประถม&province=สิงห์บุรี", {"singburi"}),
            ("?office=ไม่มีหน่วยงานนี้", set()),
        ],
    )
    def test_finds_by_name_or_province_without_javascript(self, client, offices, query, found):
        html = client.get(f"/{query}").content.decode()
        section = html.split('id="find"')[1].split("</section>\n\n<div")[0]
        listed = set(re.findall(r'<li><a href="/([a-z-]+)/">', section))
        assert listed == found
        assert 'id="offices"' not in html  # the whole list gives way to what was found
        if not found:
            assert "No office matches" in client.get(f"/en/{query}").content.decode()

    def test_an_unknown_province_is_ignored(self, client, offices):
        response = client.get("/?province=ไม่มีจังหวัดนี้")
        assert response.status_code == 200
        assert response.content.decode().count("<li><a href=") >= 3

    def test_the_form_keeps_what_was_typed(self, client, offices):
        html = client.get("/en/?office=Sing&province=สิงห์บุรี").content.decode()
        assert 'value="Sing"' in html
        assert '<option value="สิงห์บุรี" selected>' in html
        assert "2 offices found." in html


class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "tasks": {"waiting": 0, "failed_last_day": 0}}

    def test_503_when_the_database_is_down(self, client, monkeypatch):
        def broken_cursor(*args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr("portal.views.connection.cursor", broken_cursor)
        response = client.get("/healthz/")
        assert response.status_code == 503
        assert response.json()["database"] == "down"

    def test_not_redirected_to_https(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz/").status_code == 200
        assert client.get("/").status_code == 301


class TestAccounts:
    def test_login_lands_in_the_workspace(self, client, staff_singburi, singburi):
        response = client.post(reverse("login"), {"username": "staff-singburi", "password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("manage:dashboard")
        html = response.content.decode()
        assert singburi.name_th in html
        assert "เจ้าหน้าที่" in html

    def test_bad_password_keeps_the_username_and_says_why(self, client, staff_singburi):
        response = client.post("/en/accounts/login/", {"username": "staff-singburi", "password": "wrong"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="staff-singburi"' in html
        assert "Please enter a correct username and password" in html

    def test_workspace_lists_roles(self, client, director_singburi, singburi):
        client.force_login(director_singburi)
        html = client.get("/en/manage/").content.decode()
        assert singburi.name_en in html
        assert "Director" in html

    def test_workspace_needs_login(self, client):
        response = client.get("/manage/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/manage/")

    def test_logout_is_a_post(self, client, staff_singburi):
        client.force_login(staff_singburi)
        assert client.get(reverse("logout")).status_code == 405
        assert client.post(reverse("logout")).status_code == 302
        assert client.get("/manage/").status_code == 302

    def test_password_change(self, client, staff_singburi):
        client.force_login(staff_singburi)
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "a-new-Passw0rd-2569", "new_password2": "a-new-Passw0rd-2569"},
        )
        assert response.status_code == 302
        staff_singburi.refresh_from_db()
        assert staff_singburi.check_password("a-new-Passw0rd-2569")

    def test_password_change_errors_are_in_thai(self, client, staff_singburi):
        client.force_login(staff_singburi)
        response = client.post(
            reverse("password_change"), {"old_password": "wrong", "new_password1": "x", "new_password2": "y"}
        )
        assert response.status_code == 200
        assert "ใส่รหัสผ่านเก่าผิด" in response.content.decode()


def test_login_attempts_are_limited(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (3, 900)}
    for _ in range(3):
        client.post("/en/accounts/login/", {"username": "staff-singburi", "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": "staff-singburi", "password": PASSWORD})
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
