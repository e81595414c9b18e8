"""Site-wide pages: the national home, the health check, accounts and the workspace dashboard."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.factories import PASSWORD, OfficeFactory

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
