"""Official paper: the shipped Sarabun font, served for good and asked for only by the official-document
stylesheet, which only official pages load; announcement numbers kept once, printed in Thai digits."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from participation.thai import official_number

pytestmark = pytest.mark.django_db
FONT = "/static/fonts/sarabun/Sarabun-Regular.ttf"
OFFICIAL_CSS = '/static/css/official.css"'


def test_the_font_is_served_with_a_long_cache_lifetime(client):
    response = client.get(FONT)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] in (b"\x00\x01\x00\x00", b"true")  # a TrueType font
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    # Other unhashed files are not kept for good (the font is, for its versioned package).
    assert "immutable" not in client.get("/static/css/portal.css").get("Cache-Control", "")


def test_only_the_official_stylesheet_references_the_font():
    root = Path(settings.BASE_DIR)
    sources = [path for pattern in ("**/*.css", "**/*.html") for path in root.glob(pattern)]
    sources = [path for path in sources if not {".venv", "staticfiles", "node_modules"} & set(path.parts)]
    referencing = {path.relative_to(root).as_posix() for path in sources if "Sarabun-" in path.read_text()}
    assert referencing == {"static/css/official.css"}
    assert "Sarabun" not in (root / "static/css/portal.css").read_text()


def test_official_pages_load_the_official_styles_and_public_pages_do_not(client, singburi, approved_announcement):
    assert OFFICIAL_CSS not in client.get("/singburi/").content.decode()
    assert OFFICIAL_CSS not in client.get("/singburi/feedback/new/").content.decode()
    page = client.get(approved_announcement.get_absolute_url()).content.decode()
    assert OFFICIAL_CSS in page
    assert 'class="official-emblem"' in page  # the emblem's space, kept even without an emblem
    assert "ที่ ๑๒/๒๕๗๐" in page and "ที่ ที่" not in page


@pytest.fixture
def approved_announcement(singburi, staff_singburi):
    from tests.factories import AnnouncementFactory

    announcement = AnnouncementFactory(office=singburi, published=True, kind="announcement", number="ที่ 12/2570")
    announcement.full_clean()
    announcement.save()
    return announcement


@pytest.mark.parametrize("typed", ["ที่ 12/2570", "12/2570", "ที่ ๑๒/๒๕๗๐", "  ที่12 / 2570 ", "เลขที่ 12/2570"])
def test_announcement_numbers_are_kept_once(typed):
    assert official_number(typed) == "12/2570"


def test_other_numbers_are_kept_as_typed():
    assert official_number("ศธ 04001/123") == "ศธ 04001/123"
    assert official_number("") == ""
