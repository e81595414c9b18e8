"""Staff start Loei's yearly service-satisfaction survey from the template, open it and print its
poster; a citizen on a phone follows the poster's QR link and answers; staff close the survey and
publish the results, which the public then reads with their charts."""

import io
import re

import pytest
import segno
from playwright.sync_api import expect

from participation.demo import seed_accounts, seed_offices
from participation.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def qr_path(url: str) -> bytes:
    """The drawing of the QR code segno makes for an address (what the poster must show)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=10, nl=False)
    return re.search(rb' d="([^"]+)"', out.getvalue()).group(1)


def test_a_citizen_answers_by_the_qr_link_and_staff_publish_the_results(
    page, chromium, live_server, transactional_db, log_in
):
    seed_accounts(seed_offices())

    log_in(page, "loei1-staff")
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name="New service-satisfaction survey").click()
    page.get_by_role("button", name="New service-satisfaction survey").click()
    expect(page.get_by_text("The satisfaction survey is ready as a draft.")).to_be_visible()
    page.get_by_role("link", name="Open the survey").click()
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_text("The survey is open.")).to_be_visible()

    page.get_by_role("link", name="Poster with QR code").click()
    poster = page.locator("article.survey-poster")
    address = poster.locator(".poster-url a").get_attribute("href")
    assert address.startswith(live_server.url + "/loei1/surveys/")  # the Thai address, as printed
    # The code on the poster is the survey's own address.
    assert qr_path(address).decode() in poster.locator(".poster-qr").inner_html()

    # A citizen's phone, without JavaScript: the link opens the Thai page; they switch to English.
    phone = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740}, java_script_enabled=False)
    citizen = phone.new_page()
    citizen.goto(address)
    expect(citizen.locator("html")).to_have_attribute("lang", "th")
    citizen.get_by_role("link", name="English").click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("satisfaction survey")
    scales = citizen.locator("fieldset.rating-scale")
    assert scales.count() == 8
    citizen.get_by_role("button", name="Send my answers").click()  # nothing answered: refused, kept
    expect(citizen.get_by_text("Some answers need your attention")).to_be_visible()
    contact = citizen.get_by_role("group", name=re.compile("How did you contact the office"))
    contact.get_by_label("At the office").check()
    for index in range(scales.count()):
        scales.nth(index).get_by_label(re.compile("Very satisfied")).check()
    citizen.get_by_label("What should the office improve?").fill("ป้ายบอกทางควรใหญ่ขึ้น")
    citizen.wait_for_timeout(3100)  # a form sent faster than FEEDBACK_MIN_SECONDS is a robot's
    citizen.get_by_role("button", name="Send my answers").click()
    expect(citizen.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    assert Response.objects.count() == 1

    # Staff close the survey and publish the results.
    page.get_by_role("link", name=re.compile("satisfaction survey")).last.click()
    page.get_by_role("link", name="Close the survey").click()
    page.get_by_role("button", name="Close the survey").click()
    page.get_by_role("link", name="Publish the results").click()
    page.get_by_label(re.compile("What the office learned")).fill("จะติดป้ายบอกทางใหม่ภายในเดือนนี้")
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("The results are published.")).to_be_visible()

    citizen.goto(address.replace(live_server.url, live_server.url + "/en") + "results/")
    expect(citizen.get_by_text("1 response in all.")).to_be_visible()
    expect(citizen.get_by_text("จะติดป้ายบอกทางใหม่ภายในเดือนนี้")).to_be_visible()
    expect(citizen.locator("svg.result-chart")).to_have_count(10)
    expect(citizen.get_by_text("ป้ายบอกทางควรใหญ่ขึ้น")).to_have_count(0)  # written answers stay with staff
    phone.close()
