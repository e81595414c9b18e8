"""Chai Nat's year: staff write and submit the summary, the director returns it with a comment, staff
revise and resubmit, the director approves; the public summary page and next year's plan show it."""

import pytest
from playwright.sync_api import expect

from participation.cycle.demo import seed_cycle
from participation.demo import seed_accounts, seed_offices
from participation.fiscal import current_fiscal_year
from participation.meetings.demo import seed_meetings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_summary_returned_revised_and_approved(chromium, live_server, transactional_db, log_in):
    seed_accounts(seed_offices())
    seed_meetings()
    seed_cycle()
    year = current_fiscal_year()
    base = live_server.url
    summary_url = f"{base}/en/manage/chainat/plans/{year}/summary/"

    staff = log_in(chromium.new_context().new_page(), "chainat-staff")
    staff.goto(summary_url)
    staff.get_by_label("Analysis of the year").fill("Hearings reached parents for the first time.")
    staff.get_by_label("Lessons learned").fill("Evening hearings suit working parents.")
    staff.get_by_label("Recommendations for next year").fill("Hold one evening hearing each term.")
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("link", name="Submit to the director").click()
    staff.get_by_role("button", name="Submit to the director").click()
    expect(staff.get_by_text("Submitted.")).to_be_visible()

    director = log_in(chromium.new_context().new_page(), "chainat-director")
    director.goto(f"{base}/en/manage/chainat/approvals/")
    director.get_by_role("link", name=f"Fiscal year {year}").first.click()
    director.get_by_role("link", name="Return with comments").click()
    director.get_by_label("What should change").fill("Add the number of parents who came.")
    director.get_by_role("button", name="Return with comments").click()
    expect(director.get_by_text("Returned to staff")).to_be_visible()

    staff.goto(summary_url)
    expect(staff.get_by_text("Add the number of parents who came.")).to_be_visible()
    staff.get_by_label("Analysis of the year").fill("Hearings reached 45 parents for the first time.")
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("link", name="Submit to the director").click()
    staff.get_by_role("button", name="Submit to the director").click()

    director.goto(summary_url)
    director.get_by_role("link", name="Approve the summary").click()
    expect(director.get_by_label("Approver's name")).to_have_value("นางสาวลออ วิลัย")
    director.get_by_role("button", name="Approve the summary").click()
    expect(director.get_by_text("Approved and published.")).to_be_visible()

    # The public summary page shows it, and next year's plan starts from it.
    public = chromium.new_context().new_page()
    public.goto(f"{base}/chainat/plans/{year}/summary/")
    # The official document writes its digits in Thai.
    expect(public.get_by_text("Hearings reached ๔๕ parents for the first time.")).to_be_visible()
    expect(public.get_by_text("นางสาวลออ วิลัย")).to_be_visible()
    public.goto(f"{base}/en/chainat/plans/{year + 1}/")
    expect(public.locator(f'a[href="/en/chainat/plans/{year}/summary/"]').first).to_be_visible()
