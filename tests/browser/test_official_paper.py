"""Official documents print in the shipped Sarabun on A4: Chai Nat's ประกาศ, a sign-in sheet and Sing
Buri's approved summary of fiscal year 2562, each printed to PDF by Chromium and read back with pypdf."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from announcements.demo import seed_announcements
from announcements.models import Announcement
from participation.cycle.demo import SEMINAR_FISCAL_YEAR, seed_cycle
from participation.demo import seed_accounts, seed_offices
from participation.meetings.demo import seed_meetings
from participation.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4 = (595, 842)  # points


def fonts_of(reader: PdfReader) -> set[str]:
    """The base names of every font the PDF's pages use (subset prefixes like ABCDEF+ kept)."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def print_to_pdf(page, artifacts: Path, name: str) -> PdfReader:
    """Print the page as it prints (A4, backgrounds), keeping a screenshot of the print view beside the PDF."""
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 portrait at 96 dpi, for the screenshot
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    path = artifacts / f"{name}.pdf"
    page.pdf(path=str(path), format="A4", print_background=True)
    page.emulate_media(media="screen")
    return PdfReader(str(path))


def assert_sarabun_on_a4(reader: PdfReader) -> None:
    assert len(reader.pages) >= 1
    for printed in reader.pages:
        box = printed.mediabox
        assert abs(float(box.width) - A4[0]) <= 1 and abs(float(box.height) - A4[1]) <= 1, box
    names = fonts_of(reader)
    # Every embedded font is the shipped Sarabun: no fallback font (Loma, DejaVu) was needed for any text.
    assert names and all("Sarabun" in name for name in names), names


def test_announcement_sign_in_sheet_and_summary_print_in_sarabun_on_a4(page, live_server, artifacts, log_in):
    seed_accounts(seed_offices())
    seed_announcements()
    seed_meetings()
    seed_cycle()
    measures = Announcement.objects.get(office__slug="chainat", kind=Announcement.Kind.ANNOUNCEMENT)
    hearing = Meeting.objects.get(office__slug="chainat")
    with translation.override("th"):  # the addresses without a language prefix, whatever an earlier test left active
        announcement_url = measures.get_absolute_url()
        sign_in_url = hearing.get_manage_url() + "sign-in/"
        summary_url = f"/singburi/plans/{SEMINAR_FISCAL_YEAR}/summary/"

    page.goto(live_server.url + announcement_url)
    expect(page.locator(".official-heading")).to_contain_text("ประกาศ")
    expect(page.get_by_text("ประกาศ ณ วันที่ ๑๕ มิถุนายน พ.ศ. ๒๕๖๒")).to_be_visible()
    assert_sarabun_on_a4(print_to_pdf(page, artifacts, "chainat-announcement"))

    page.goto(live_server.url + summary_url)
    expect(page.get_by_text("ดร.พิเชฐร์ วันทอง").first).to_be_visible()
    assert_sarabun_on_a4(print_to_pdf(page, artifacts, "singburi-summary-2562"))

    log_in(page, "chainat-staff")
    page.goto(live_server.url + sign_in_url)
    expect(page.locator(".sign-in-table").first).to_be_visible()
    assert_sarabun_on_a4(print_to_pdf(page, artifacts, "chainat-sign-in-sheet"))
