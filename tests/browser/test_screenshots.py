"""Screenshots of the main pages on a phone (360 × 740) and a desktop (1280 × 800), whole pages, kept in
BROWSER_ARTIFACTS when it is set (to compare a change's before and after), in the test's temporary folder
otherwise. Each page must answer and, on the phone, fit the screen's width."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from announcements.models import Announcement
from participation.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def demo(transactional_db, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())


def main_pages() -> list[tuple[str, str]]:
    """(name, address) of the main public pages of the demo."""
    formal = Announcement.objects.filter(kind=Announcement.Kind.ANNOUNCEMENT).public().order_by("pk").first()
    meeting = Meeting.objects.filter(office__slug="singburi").public().order_by("pk").first()
    return [
        ("home", "/"),
        ("office-home", "/singburi/"),
        ("announcements", "/singburi/announcements/"),
        ("announcement-formal", formal.get_absolute_url()),
        ("meeting", meeting.get_absolute_url()),
        ("feedback-form", "/singburi/feedback/new/"),
        ("cycle-plan", "/singburi/plans/2562/"),
        ("summary", "/singburi/plans/2562/summary/"),
    ]


def test_screenshots_of_the_main_pages(chromium, live_server, demo, artifacts):
    client = Client()
    client.force_login(get_user_model().objects.get(username="singburi-director"))
    session = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    saved = []
    for device, viewport in VIEWPORTS.items():
        context = chromium.new_context(locale="th-TH", viewport=viewport)
        page = context.new_page()
        for name, path in main_pages():
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            saved.append(shoot(page, artifacts, device, name))

        # The receipt: send a piece of feedback through the form.
        page.goto(live_server.url + "/singburi/feedback/new/")
        page.locator("select[name=kind]").select_option("suggestion")
        page.locator("input[name=subject]").fill(f"ขอที่จอดรถสำหรับผู้มาติดต่อ ({device})")
        page.locator("textarea[name=message]").fill(f"ขอให้ตีเส้นที่จอดรถสำหรับผู้มาติดต่อหน้าสำนักงาน ({device})")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector("#tracking-code")
        saved.append(shoot(page, artifacts, device, "receipt"))

        # The workspace: the dashboard and the feedback inbox, as Sing Buri's director.
        context.add_cookies([session])
        for name, path in [("workspace", "/manage/"), ("inbox", "/manage/singburi/feedback/")]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            saved.append(shoot(page, artifacts, device, name))
        context.close()
    assert all(path.stat().st_size > 1000 for path in saved)


def shoot(page, folder, device: str, name: str):
    path = folder / f"{device}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
