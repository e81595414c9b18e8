"""A demo staff member records the Sing Buri seminar with attendance by group and a photo; the public
page shows the attendance chart, and the office's calendar feed has the meeting."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from participation.demo import seed_accounts, seed_offices
from tests.factories import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The six groups of the seminar and how many came from each: 103 in all.
COUNTS = [40, 13, 10, 15, 12, 13]


def test_staff_records_the_singburi_seminar(page, live_server, transactional_db, log_in):
    offices = seed_offices()
    seed_accounts(offices)
    singburi = next(office for office in offices if office.slug == "singburi")
    groups = list(singburi.stakeholder_groups.order_by("position"))

    log_in(page, "singburi-staff")
    page.get_by_role("link", name="Meetings").first.click()
    page.get_by_role("link", name="New meeting").click()

    page.get_by_label("Title").fill("Stakeholder network seminar")
    page.get_by_label("Kind").select_option("seminar")
    page.get_by_label("Starts").fill("2019-09-09T08:30")
    page.get_by_label("Ends").fill("2019-09-09T16:00")
    page.get_by_label("Venue").fill("ห้องประชุมจุฑามาศ ภัตตาคารไพบูลย์ไก่ย่าง")
    page.get_by_label("Chairperson", exact=True).fill("นายสมบัติ กลิ่นผา")
    page.get_by_label("Objectives").fill("Share news with the network\nHear views and expectations")
    for group in groups:
        page.get_by_label(group.name_en).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting is saved.")).to_be_visible()

    page.get_by_role("link", name="Attendance").click()
    for group, count in zip(groups, COUNTS, strict=True):
        page.get_by_label(f"Invited: {group.name_en}").fill(str(count))
        page.get_by_label(f"Attended: {group.name_en}").fill(str(count))
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 103 people in all.")).to_be_visible()

    page.get_by_role("link", name="Photos and documents").click()
    page.get_by_label("Photos and documents").set_input_files(
        files=[{"name": "seminar.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("1 file added.")).to_be_visible()

    page.get_by_role("link", name="Stakeholder network seminar").click()
    page.get_by_role("link", name="Mark as held").click()
    page.get_by_label("Outcomes").fill("The network asked for progress reports every term.")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Marked as held.")).to_be_visible()

    # The public page: objectives, the chart with its total, the photo.
    page.get_by_role("link", name="public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholder network seminar")
    chart = page.locator("figure.attendance-chart")
    expect(chart.locator("svg")).to_have_count(6)
    expect(chart.locator("tfoot")).to_contain_text("103")
    expect(page.locator(".photo-grid img")).to_have_count(1)

    # Its calendar file has it (the office's feed holds only the past year: this seminar was in 2019).
    file = Calendar.from_ical(page.request.get(page.url.split("?")[0] + "calendar.ics").body())
    assert [str(event["SUMMARY"]) for event in file.walk("VEVENT")] == ["Stakeholder network seminar"]
