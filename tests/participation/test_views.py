"""An office's home page."""

import pytest

from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


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
