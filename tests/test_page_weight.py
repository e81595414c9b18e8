"""A public page with what it loads stays under 60 KB compressed (design.md, budgets)."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from participation.models import Office
from portal.scale.offices import office_list
from tests.factories import AnnouncementFactory, MeetingFactory

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(client, path: str) -> tuple[int, list[str]]:
    """The page as the server sends it to a browser (compressed), and its assets compressed."""
    html = client.get(path).content
    on_the_wire = client.get(path, headers={"accept-encoding": "gzip, deflate, br, zstd"})
    assert on_the_wire.status_code == 200 and on_the_wire["Content-Encoding"] in {"br", "zstd", "gzip"}
    assets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="/static/([^"]+)"', html)
    total = len(on_the_wire.content)
    for asset in assets:
        path_on_disk = finders.find(asset.decode())
        assert path_on_disk, asset
        with open(path_on_disk, "rb") as file:
            total += compressed_size(file.read())
    return total, [asset.decode() for asset in assets]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/singburi/",
        "/privacy/",
        "/accounts/login/",
        "/singburi/announcements/",
        "/singburi/meetings/",
        "/data/",
        "/data/singburi/",
        "/overview/",
    ],
)
def test_public_pages_stay_within_budget(client, singburi, chainat, path):
    total, assets = page_weight(client, path)
    assert assets, "the page should load the site's CSS"
    assert total <= BUDGET, f"{path}: {total} bytes with {assets}"


# What the stylesheets of any page may weigh, compressed: the design system and the portal's own rules.
# Bootstrap's whole stylesheet, which every page loaded before, was 31 KB compressed by itself.
STYLESHEET_BUDGET = 12 * 1024


@pytest.mark.parametrize("path", ["/", "/singburi/", "/singburi/announcements/", "/accounts/login/"])
def test_stylesheets_stay_small(client, singburi, path):
    html = client.get(path).content
    total = 0
    for asset in re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html):
        with open(finders.find(asset.decode()), "rb") as file:
            total += compressed_size(file.read())
    assert 0 < total <= STYLESHEET_BUDGET, f"{path}: {total} bytes of CSS"


def test_no_third_party_hosts(client, singburi):
    response = client.get("/singburi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/' in html  # the site's own CSS
    # The site's own full address (the hreflang alternates) and the office's web site are not third parties.
    own = html.replace(settings.SITE_URL + "/", "/").replace(singburi.website or "-", "")
    assert not re.search(r'(src|href)="https?://', own)


@pytest.mark.parametrize("path", ["/", "/en/", "/?province=สิงห์บุรี", "/?office=ประถม"])
def test_the_home_with_every_office_of_the_country_stays_within_budget(client, path):
    """250 offices, as many as the national deployment plans for, listed on the home by province,
    with its sections of announcements and meetings full."""
    offices = Office.objects.bulk_create(Office(**fields) for fields in office_list(250))
    for office in offices[:6]:
        AnnouncementFactory(office=office, published=True, summary="สรุปข่าวประชาสัมพันธ์ " * 10)
        MeetingFactory(office=office, venue="ห้องประชุมใหญ่ของสำนักงาน", registration_open=True)
    total, assets = page_weight(client, path)
    listed = client.get(path).content.decode().count("<li><a href=")
    assert listed == 250 if path in ("/", "/en/") else 0 < listed < 250
    assert total <= BUDGET, f"{path}: {total} bytes with {assets}"
