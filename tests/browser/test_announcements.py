"""A demo staff member writes, previews and publishes a formal announcement with a PDF; the public
sees it in the list and the feed, and its printed A4 page looks like an official announcement."""

import os
from pathlib import Path

import feedparser
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.demo import seed_accounts, seed_offices
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)


@pytest.fixture
def artifacts(tmp_path) -> Path:
    """Where the printed page goes: BROWSER_ARTIFACTS if set (to look at it), else a temporary folder."""
    folder = Path(os.environ.get("BROWSER_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_staff_publishes_a_formal_announcement_with_a_pdf(page, live_server, transactional_db, artifacts, log_in):
    seed_accounts(seed_offices())

    log_in(page, "singburi-staff")
    expect(page).to_have_url(live_server.url + "/en/manage/")

    page.get_by_role("link", name="Announcements").first.click()
    page.get_by_role("link", name="New announcement").click()
    page.get_by_label("Kind").select_option("announcement")
    page.get_by_label("Number").fill("7/2569")
    page.get_by_label("Subject").fill("การรับฟังความคิดเห็นต่อแผนพัฒนาการศึกษา")
    page.get_by_label("Summary").fill("เชิญผู้มีส่วนได้ส่วนเสียให้ความเห็นต่อร่างแผน")
    page.get_by_label("Body").fill(
        "สำนักงานขอเชิญทุกภาคส่วนให้ความเห็นต่อร่างแผนพัฒนาการศึกษา พ.ศ. 2570\n\n1. อ่านร่างแผนที่แนบ\n2. ส่งความเห็นภายใน 15 วัน"
    )
    page.get_by_label("Announcement date").fill("2026-11-20")
    expect(page.get_by_label("Signer's name")).to_have_value("ดร.พิเชฐร์ วันทอง")
    page.get_by_label("Website").check()
    page.get_by_label("Notice board").check()
    page.get_by_label("Attachments").set_input_files(
        files=[{"name": "ร่างแผน.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Save and preview").click()

    # The preview: the official layout, with the PDF listed, and not public yet.
    expect(page.get_by_text("Saved. This is how it will look.")).to_be_visible()
    expect(page.locator(".official-heading")).to_have_text("ประกาศสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี")
    expect(page.get_by_role("link", name="ร่างแผน.pdf")).to_be_visible()
    page.get_by_role("link", name="Publish", exact=True).click()
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.", exact=True)).to_be_visible()

    # The public list and the feed have it.
    page.goto(live_server.url + "/singburi/announcements/")
    page.get_by_role("link", name="การรับฟังความคิดเห็นต่อแผนพัฒนาการศึกษา").click()
    expect(page.locator(".official-date")).to_have_text("ประกาศ ณ วันที่ ๒๐ พฤศจิกายน พ.ศ. ๒๕๖๙")
    expect(page.locator(".official-number")).to_have_text("ที่ ๗/๒๕๖๙")
    feed = feedparser.parse(page.request.get(live_server.url + "/singburi/feed.xml").body())
    assert not feed.bozo
    assert "การรับฟังความคิดเห็นต่อแผนพัฒนาการศึกษา" in [entry.title for entry in feed.entries]

    # Printed on A4 through Chromium's own print-to-PDF.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf_path = artifacts / "announcement-a4.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=False, prefer_css_page_size=True)
    reader = PdfReader(str(pdf_path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert 1 <= len(reader.pages) <= 2
