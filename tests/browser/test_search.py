"""A person on a phone types a Thai phrase in the header's search box and opens the meeting they were after."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.demo import seed_offices
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_thai_phrase_in_the_header_box_finds_the_meeting(page, live_server, transactional_db):
    offices = seed_offices()
    singburi = next(office for office in offices if office.slug == "singburi")
    start = timezone.now() - datetime.timedelta(days=20)
    MeetingFactory(
        office=singburi,
        title="สัมมนาภาคีเครือข่ายเพื่อการบริหารจัดการศึกษาแบบมีส่วนร่วม",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        minutes="ผู้แทนเครือข่ายสื่อมวลชนเสนอให้เผยแพร่ผลการประชุมทางวิทยุชุมชน",
    )
    MeetingFactory(office=singburi, title="ประชุมคณะกรรมการติดตามงบประมาณ", starts_at=start, ends_at=start)

    page.goto(live_server.url + "/")
    box = page.locator("#header-q")  # labelled "Search every office" (ค้นหาทุกหน่วยงาน once translated)
    box.fill("วิทยุชุมชน")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%E0%B8%A7"))
    expect(page.locator("mark").first).to_have_text("วิทยุชุมชน")
    page.get_by_role("link", name="สัมมนาภาคีเครือข่ายเพื่อการบริหารจัดการศึกษาแบบมีส่วนร่วม").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("สัมมนาภาคีเครือข่ายเพื่อการบริหารจัดการศึกษาแบบมีส่วนร่วม")
    assert "ประชุมคณะกรรมการติดตามงบประมาณ" not in page.content()
