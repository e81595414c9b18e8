"""An anonymous citizen on a phone sends a complaint and keeps the tracking code; staff answer;
the citizen reads the answer with the code and rates it."""

import pytest
from playwright.sync_api import expect

from participation.demo import seed_accounts, seed_offices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_complaint_answer_and_rating(page, chromium, live_server, transactional_db, settings, log_in):
    settings.FEEDBACK_MIN_SECONDS = 0
    seed_accounts(seed_offices())

    # The citizen, on a phone-sized window, without an account.
    page.goto(live_server.url + "/en/singburi/")
    page.get_by_role("navigation", name="Office sections").get_by_role("link", name="Feedback").click()
    page.get_by_label("What kind of feedback is it?").select_option("complaint")
    page.get_by_label("Subject").fill("ไฟถนนหน้าโรงเรียนดับ")
    page.get_by_label("Your message").fill("ไฟถนนหน้าโรงเรียนบ้านนาดับมาสองสัปดาห์ เด็กกลับบ้านตอนค่ำมองไม่เห็นทาง")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your feedback was received")).to_be_visible()
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 19  # four groups of four, with hyphens

    # Staff answer it in the workspace.
    staff = chromium.new_context(viewport={"width": 1280, "height": 900})
    desk = log_in(staff.new_page(), "singburi-staff")
    desk.goto(live_server.url + "/en/manage/singburi/feedback/")
    desk.get_by_role("link", name="ไฟถนนหน้าโรงเรียนดับ").click()
    desk.get_by_role("textbox", name="Answer").fill("ช่างไฟฟ้าของเทศบาลซ่อมแล้วเมื่อวันที่ 20 ขอบคุณที่แจ้ง")
    desk.get_by_role("button", name="Send the answer").click()
    expect(desk.get_by_text("Answer saved.")).to_be_visible()
    staff.close()

    # The citizen follows it with the code, reads the answer and rates it.
    page.goto(live_server.url + "/en/track/")
    page.get_by_label("Tracking code").fill(code.lower())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("ช่างไฟฟ้าของเทศบาลซ่อมแล้ว")).to_be_visible()
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_text("Thank you: your rating was saved.")).to_be_visible()
