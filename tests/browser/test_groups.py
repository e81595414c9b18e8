"""A demo staff member prints the Ratchaburi 1 transparency group's appointment order (A4 portrait)
and a member's certificate (A4 landscape); the public page names only members who agreed."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.demo import seed_accounts, seed_offices
from participation.groups.demo import seed_groups
from participation.groups.models import GroupMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)


def printed_size(page, path: Path) -> tuple[tuple[int, int], int]:
    page.pdf(path=str(path), print_background=True, prefer_css_page_size=True)
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    return (round(float(box.width)), round(float(box.height))), len(reader.pages)


def test_order_and_certificate_print_on_a4(page, live_server, artifacts, log_in):
    seed_accounts(seed_offices())
    group = next(group for group in seed_groups() if group.office.slug == "ratchaburi1")
    hidden = GroupMember.objects.filter(group=group, name_public=False).first()
    with translation.override("th"):  # the addresses without a language prefix, whatever an earlier test left active
        public_url, manage_url = group.get_absolute_url(), group.get_manage_url()

    page.goto(live_server.url + public_url)
    expect(page.get_by_role("heading", name=group.name)).to_be_visible()
    assert hidden.name not in page.content()

    log_in(page, "ratchaburi1-staff")
    page.goto(live_server.url + "/en" + manage_url)
    page.get_by_role("link", name="45/2558", exact=False).click()
    expect(page.locator(".official-heading")).to_have_text("คำสั่งสำนักงานเขตพื้นที่การศึกษาประถมศึกษาราชบุรี เขต 1")
    expect(page.locator(".order-number")).to_have_text("ที่ ๔๕/๒๕๕๘")
    expect(page.locator(".official-date")).to_have_text("สั่ง ณ วันที่ ๑ กรกฎาคม พ.ศ. ๒๕๕๘")
    page.emulate_media(media="print")
    expect(page.locator(".workspace-bar")).to_be_hidden()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 portrait at 96 dpi, for the screenshot
    page.screenshot(path=str(artifacts / "appointment-order.png"), full_page=True)
    size, pages = printed_size(page, artifacts / "appointment-order-a4.pdf")
    assert size == A4_PORTRAIT and 1 <= pages <= 2

    page.emulate_media(media="screen")
    page.goto(live_server.url + "/en" + manage_url)
    page.get_by_role("link", name="สมาชิกต้นแบบความโปร่งใส", exact=False).click()
    expect(page.locator(".certificate-name")).to_be_visible()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi, for the screenshot
    page.screenshot(path=str(artifacts / "certificate.png"), full_page=True)
    size, pages = printed_size(page, artifacts / "certificate-a4-landscape.pdf")
    assert size == A4_LANDSCAPE and pages == 1
