"""A public page with what it loads stays under 60 KB compressed (design.md, budgets)."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

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


def test_no_third_party_hosts(client, singburi):
    response = client.get("/singburi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/' in html  # the site's own CSS
    # The site's own full address (the hreflang alternates) and the office's web site are not third parties.
    own = html.replace(settings.SITE_URL + "/", "/").replace(singburi.website or "-", "")
    assert not re.search(r'(src|href)="https?://', own)
