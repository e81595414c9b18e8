"""A person on a phone: the national home, English, an office, and staff logging in."""

import re

import pytest
from playwright.sync_api import expect

from participation.demo import seed_accounts, seed_offices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    offices = seed_offices()
    seed_accounts(offices)
    return offices


def test_home_to_english_to_an_office(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=2, name=re.compile("^หน่วยงาน"))).to_be_visible()
    expect(page.get_by_role("link", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="Sing Buri Primary Educational Service Area Office").click()
    expect(page).to_have_url(live_server.url + "/en/singburi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sing Buri Primary Educational Service Area Office")
    expect(page.get_by_role("navigation", name="Office sections")).to_contain_text("Meetings")

    page.get_by_role("link", name="ภาษาไทย").click()
    expect(page).to_have_url(live_server.url + "/singburi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี")


def test_keyboard_reaches_the_skip_link_first(page, live_server, demo):
    page.goto(live_server.url + "/singburi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_demo_director_logs_in_to_the_workspace(page, live_server, demo, log_in):
    log_in(page, "chainat-director")
    expect(page).to_have_url(live_server.url + "/en/manage/")
    office = page.get_by_role("article", name="Chai Nat Primary Educational Service Area Office")
    expect(office).to_be_visible()
    expect(office.get_by_text("Director", exact=True)).to_be_visible()
    expect(office.get_by_role("navigation", name=re.compile("Work in"))).to_contain_text("Feedback")


def test_finding_an_office_from_the_home_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    page.get_by_label("Name or province").fill("sing buri")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("1 office found"))
    page.get_by_role("link", name="Sing Buri Primary Educational Service Area Office").click()
    expect(page).to_have_url(live_server.url + "/en/singburi/")
    context.close()
