import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.models import Office
from tests.factories import PASSWORD, MembershipFactory, OfficeFactory, StakeholderGroupFactory

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
        assert "สำนักงานที่ปิดไว้" not in client.get("/").content.decode()


class TestOfficeHome:
    def test_shows_the_office_and_its_cycle(self, client, singburi):
        html = client.get("/singburi/").content.decode()
        assert singburi.name_th in html
        for step in ["ทบทวน", "เผยแพร่", "รับฟังความคิดเห็น", "ร่วมดำเนินงาน", "สรุปผล"]:
            assert step in html
        assert "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี" in html
        assert singburi.email in html  # footer contact details

    def test_navigation_names_the_four_sections(self, client, singburi):
        html = client.get("/en/singburi/").content.decode()
        for label in ["Announcements", "Meetings", "Feedback", "Participation plans"]:
            assert label in html

    def test_english_page_uses_english_names(self, client, singburi):
        html = client.get("/en/singburi/").content.decode()
        assert "Sing Buri media network" in html
        assert "Participation cycle, Fiscal year" in html

    def test_unknown_and_inactive_offices_are_404(self, client):
        OfficeFactory(slug="hidden", is_active=False)
        assert client.get("/hidden/").status_code == 404
        assert client.get("/nowhere/").status_code == 404
        assert client.get("/en/nowhere/").status_code == 404

    def test_404_page_is_translated(self, client):
        assert "ไม่พบหน้า" in client.get("/nowhere/").content.decode()
        assert "Page not found" in client.get("/en/nowhere/").content.decode()


class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

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


class TestQueryCounts:
    """Each page runs the same number of queries whatever the number of rows."""

    def count(self, client, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_home(self, client):
        OfficeFactory.create_batch(2)
        small = self.count(client, "/")
        OfficeFactory.create_batch(20, kind=Office.Kind.SCHOOL)
        assert self.count(client, "/") == small

    def test_office_home(self, client, singburi):
        small = self.count(client, "/singburi/")
        StakeholderGroupFactory.create_batch(25, office=singburi)
        assert self.count(client, "/singburi/") == small

    def test_workspace(self, client, staff_singburi):
        client.force_login(staff_singburi)
        small = self.count(client, "/manage/")
        for _ in range(10):
            MembershipFactory(user=staff_singburi)
        assert self.count(client, "/manage/") == small


def test_login_attempts_are_limited(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (3, 900)}
    for _ in range(3):
        client.post("/en/accounts/login/", {"username": "staff-singburi", "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": "staff-singburi", "password": PASSWORD})
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
