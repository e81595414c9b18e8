"""A citizen on a phone comments on one section of a draft; staff moderate it, close the hearing,
write the report with the revised draft and publish it; the public report shows what changed and
prints on A4."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.demo import seed_accounts, seed_offices
from participation.hearings import services
from participation.hearings.models import Hearing
from participation.models import Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A4_POINTS = (595, 842)
DRAFT = "## หมวด 1 วิสัยทัศน์\nผู้เรียนมีคุณภาพ\n\n## หมวด 2 โรงเรียนขนาดเล็ก\nควบรวมโรงเรียนที่มีนักเรียนน้อยกว่า 60 คน\n"


def test_citizen_comments_on_a_section_and_staff_publish_the_report(
    page, chromium, live_server, transactional_db, settings, log_in, tmp_path
):
    settings.FEEDBACK_MIN_SECONDS = 0
    seed_accounts(seed_offices())
    singburi = Office.objects.get(slug="singburi")
    now = timezone.now()
    hearing = services.hearing_create(
        office=singburi,
        actor=None,
        data={
            "title": "ร่างแผนพัฒนาการศึกษา สพป.สิงห์บุรี",
            "purpose": "รับฟังความคิดเห็นก่อนเสนอคณะกรรมการ",
            "draft": DRAFT,
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(days=20),
        },
    )
    services.hearing_open(hearing=hearing, actor=None)

    # The citizen, on a phone-sized window, without an account.
    page.goto(live_server.url + "/en/singburi/")
    page.get_by_role("navigation", name="Office sections").get_by_role("link", name="Hearings").click()
    page.get_by_role("link", name="ร่างแผนพัฒนาการศึกษา สพป.สิงห์บุรี").click()
    page.get_by_role("link", name="Comment on “หมวด 2 โรงเรียนขนาดเล็ก”").click()
    expect(page.get_by_label("What are you commenting on?")).to_have_value(str(hearing.sections.get(position=1).pk))
    page.get_by_label("Your comment").fill("ขอให้ถามชุมชนของแต่ละโรงเรียนก่อนตัดสินใจควบรวม")
    page.get_by_label("Organisation (optional)").fill("อบต.ต้นโพธิ์")
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_text("once the office has checked it")).to_be_visible()
    assert page.url.endswith("#section-2")

    # Staff publish the comment, close the hearing, write the report and publish it.
    staff = chromium.new_context(viewport={"width": 1280, "height": 900})
    desk = log_in(staff.new_page(), "singburi-staff")
    desk.goto(live_server.url + "/en/manage/singburi/hearings/")
    desk.get_by_role("link", name="ร่างแผนพัฒนาการศึกษา สพป.สิงห์บุรี").click()
    desk.get_by_role("link", name="Comments").first.click()
    desk.get_by_role("link", name="Moderate").click()
    desk.get_by_label("Publish", exact=True).check()
    desk.get_by_role("button", name="Moderate the comment").click()
    expect(desk.get_by_text("Published.")).to_be_visible()
    desk.get_by_role("link", name="Back to the hearing").click()
    desk.get_by_role("link", name="Close the hearing").click()
    desk.get_by_role("button", name="Close the hearing").click()
    desk.get_by_role("link", name="Report", exact=True).click()
    desk.get_by_role("link", name="Add a theme").click()
    desk.get_by_label("Theme").fill("การควบรวมโรงเรียน")
    desk.get_by_label("The office's response").fill("พิจารณาเป็นรายโรงเรียนหลังรับฟังชุมชน")
    desk.get_by_role("button", name="Save").click()
    desk.get_by_role("link", name="Group the comments").click()
    desk.get_by_role("link", name="Set the theme").click()
    desk.get_by_label("Theme").select_option(label="การควบรวมโรงเรียน")
    desk.get_by_role("button", name="Set the theme").click()
    desk.goto(live_server.url + f"/en/manage/singburi/hearings/{hearing.pk}/report/")
    desk.get_by_label("Summary of what was heard").fill("ชุมชนขอให้ตัดสินใจเป็นรายโรงเรียน")
    desk.get_by_label("The revised draft").fill(DRAFT.replace("ควบรวมโรงเรียน", "พิจารณาควบรวมเป็นรายโรงเรียน"))
    desk.get_by_role("button", name="Save").click()
    desk.get_by_role("link", name="Publish the report").click()
    desk.get_by_role("button", name="Publish the report").click()
    expect(desk.get_by_role("heading", name="Report on the public hearing")).to_be_visible()
    staff.close()
    assert Hearing.objects.get().status == Hearing.Status.REPORTED

    # The public report: the response, what changed, and an A4 print.
    with translation.override("en"):  # whatever language an earlier test left active
        page.goto(live_server.url + hearing.get_report_url())
    expect(page.get_by_text("พิจารณาเป็นรายโรงเรียนหลังรับฟังชุมชน")).to_be_visible()
    expect(page.locator("del").first).to_contain_text("ควบรวมโรงเรียนที่มีนักเรียนน้อยกว่า 60 คน")
    expect(page.locator("ins").first).to_contain_text("พิจารณาควบรวมเป็นรายโรงเรียน")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    folder = Path(os.environ.get("BROWSER_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path = folder / "hearing-report-a4.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=False, prefer_css_page_size=True)
    box = PdfReader(str(pdf_path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
