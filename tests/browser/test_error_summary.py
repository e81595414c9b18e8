"""On a phone, a form sent with mistakes opens on the summary of what to correct: it has the focus, so a
screen reader reads it first, and each of its links brings its field into view."""

import pytest
from playwright.sync_api import expect

from tests.factories import OfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_summary_takes_focus_and_leads_to_each_field(page, live_server, transactional_db, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    OfficeFactory(slug="singburi", name_en="Sing Buri office", short_name_en="Sing Buri")
    page.goto(live_server.url + "/en/singburi/feedback/new/")
    page.get_by_label("Your message").fill("ไฟถนนหน้าโรงเรียนดับ")
    page.get_by_role("button", name="Send", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()

    subject = page.locator("#id_subject")
    summary.get_by_role("link", name="Enter the subject of your feedback").click()
    expect(subject).to_be_in_viewport()
    expect(page.locator("#id_subject_error")).to_have_text("Enter the subject of your feedback")
    expect(subject).to_have_attribute("aria-describedby", "id_subject_error")
    # What was typed is still there.
    expect(page.get_by_label("Your message")).to_have_value("ไฟถนนหน้าโรงเรียนดับ")
