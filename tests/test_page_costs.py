"""Every list-like page runs the same queries and fetches the same number of rows at two sizes of
an office's records (design: "a page's queries and the rows it fetches do not grow with the
office's records"). Both sizes fill every page the page shows, so that only growth shows up.

The cycle's pages are measured in tests/cycle/test_queries.py, with their evidence."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements.models import Announcement
from participation.hearings.models import Hearing
from participation.meetings.services import follow_up_save
from participation.meetings.views import public as meeting_views
from participation.network.models import NetworkMember
from participation.surveys.models import Survey
from portal import sitemaps
from tests.factories import (
    AnnouncementFactory,
    AttendanceFactory,
    MeetingFactory,
    OfficeFactory,
    StakeholderGroupFactory,
)
from tests.feedback.helpers import fill as fill_feedback
from tests.feedback.helpers import fill_misconduct
from tests.helpers import FY, page_cost

pytestmark = pytest.mark.django_db


def announcements(office, n: int) -> list[Announcement]:
    return AnnouncementFactory.create_batch(n, office=office, published=True)


def meetings(office, n: int) -> None:
    """n meetings to come and n held in the past year, with attendance and a follow-up action."""
    now = timezone.now()
    # The office's groups are its setup, not its records: one group for every meeting.
    group = office.stakeholder_groups.first() or StakeholderGroupFactory(office=office)
    for i in range(n):
        MeetingFactory(office=office, starts_at=now + datetime.timedelta(days=i + 1))
        held = MeetingFactory(office=office, status="held", starts_at=now - datetime.timedelta(days=i + 2))
        AttendanceFactory(meeting=held, group=group)
        follow_up_save(meeting=held, actor=None, action=None, data={"description": "ติดตามผล"})


def complaints(office, n: int) -> None:
    """n items of feedback and n reports of misconduct: what the statistics count."""
    fill_feedback(office, n)
    fill_misconduct(office, n)


def across_offices(office, n: int) -> None:
    """What the national home shows of every office: announcements, meetings to come, hearings open for
    comment and surveys taking answers, n of each (the home shows the first few)."""
    now = timezone.now()
    announcements(office, n)
    for i in range(n):
        MeetingFactory(office=office, starts_at=now + datetime.timedelta(days=i + 1))
        Hearing.objects.create(
            office=office,
            title=f"ร่างแผนฉบับที่ {i}",
            purpose="รับฟังความคิดเห็น",
            status=Hearing.Status.OPEN,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=20 + i),
        )
        Survey.objects.create(
            office=office,
            title=f"แบบสำรวจฉบับที่ {i}",
            status=Survey.Status.OPEN,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=10 + i),
        )


def everything(office, n: int) -> None:
    announcements(office, n)
    meetings(office, n)
    fill_feedback(office, n)


# Public pages: (address, how the office's records grow, small size, large size). The small size is
# past every page size: announcements 20 a page (2 pages at 45), feeds 30, meetings 20 to come and 20 past.
PUBLIC = [
    ("/", announcements, 8, 30),
    ("/", across_offices, 8, 30),
    ("/en/?province=สิงห์บุรี", across_offices, 8, 30),
    ("/singburi/", everything, 8, 30),
    ("/singburi/announcements/", announcements, 45, 90),
    ("/singburi/announcements/?page=2", announcements, 45, 90),
    ("/singburi/announcements/?kind=news", announcements, 45, 90),
    ("/singburi/feed.xml", announcements, 32, 64),
    ("/feed.xml", announcements, 32, 64),
    ("/en/singburi/feed.xml", announcements, 32, 64),
    ("/sitemap.xml", everything, 3, 30),
    ("/singburi/meetings/", meetings, 22, 44),
    ("/singburi/meetings/?page=2", meetings, 42, 64),
    (f"/singburi/meetings/?year={FY + 1}", meetings, 22, 44),
    ("/singburi/feedback/", fill_feedback, 40, 90),
    (f"/singburi/feedback/stats/?year={FY}", fill_feedback, 60, 120),
    # The statistics of both kinds of complaint, reports of misconduct counted by status and half-year.
    (f"/singburi/feedback/stats/?year={FY}", complaints, 60, 120),
    (f"/singburi/feedback/stats.csv?year={FY}", complaints, 60, 120),
]


@pytest.mark.parametrize(("url", "grow", "small", "large"), PUBLIC)
def test_public_pages(client, singburi, url, grow, small, large):
    other = OfficeFactory()  # the home and the sitemap list every office: their number stays the same
    grow(singburi, small)
    before = page_cost(client, url)
    grow(singburi, large - small)
    grow(other, 5)
    assert page_cost(client, url) == before


def test_calendar_feed(client, singburi, monkeypatch):
    """The feed holds what is to come and the past year, at most CALENDAR_MAX_EVENTS."""
    monkeypatch.setattr(meeting_views, "CALENDAR_MAX_EVENTS", 12)
    url = "/singburi/meetings.ics"
    meetings(singburi, 5)  # 10 in the window
    small = page_cost(client, url)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    for i in range(20):  # more than a year old: never in the feed
        MeetingFactory(office=singburi, status="held", starts_at=long_ago - datetime.timedelta(days=i))
    assert page_cost(client, url) == small
    meetings(singburi, 15)  # past the cap
    full = page_cost(client, url)
    meetings(singburi, 20)
    assert page_cost(client, url) == full
    body = client.get(url).content.decode()
    assert body.count("BEGIN:VEVENT") == 12


def test_calendar_feed_window(client, singburi):
    now = timezone.now()
    coming = MeetingFactory(office=singburi, title="ประชุมที่จะมาถึง", starts_at=now + datetime.timedelta(days=200))
    recent = MeetingFactory(
        office=singburi, title="ประชุมเมื่อเดือนก่อน", status="held", starts_at=now - datetime.timedelta(days=30)
    )
    old = MeetingFactory(
        office=singburi, title="ประชุมเมื่อสองปีก่อน", status="held", starts_at=now - datetime.timedelta(days=800)
    )
    hidden = MeetingFactory(office=singburi, title="ประชุมภายใน", is_public=False)
    body = client.get("/singburi/meetings.ics").content.decode()
    assert str(coming.uid) in body and str(recent.uid) in body
    assert str(old.uid) not in body and str(hidden.uid) not in body
    # The meeting's own file is unchanged, however old.
    assert str(old.uid) in client.get(f"/singburi/meetings/{old.pk}/calendar.ics").content.decode()


@pytest.mark.parametrize("section", ["announcements", "announcements-en", "meetings", "meetings-en"])
def test_sitemap_sections_read_one_range_of_keys(client, singburi, monkeypatch, section):
    """A page of a large section reads one range of keys: the same cost for every full page."""
    monkeypatch.setattr(sitemaps.LanguageSitemap, "limit", 5)
    model = Announcement if section.startswith("announcements") else sitemaps.Meeting

    def grow(n):
        if model is Announcement:
            announcements(singburi, n)
        else:
            MeetingFactory.create_batch(n, office=singburi)
        return list(model.objects.order_by("-pk").values_list("pk", flat=True)[:n])

    def full_page(pks):
        return max(pks) // 5  # the last page whose every key is one of pks (n ≥ 10)

    url = f"/sitemap-{section}.xml?p=%d"
    small = page_cost(client, url % full_page(grow(12)))
    assert page_cost(client, url % full_page(grow(40))) == small
    assert client.get(url % (full_page(grow(1)) + 5)).status_code == 404


def test_sitemap_pages_of_keys(client, singburi, monkeypatch):
    monkeypatch.setattr(sitemaps.LanguageSitemap, "limit", 5)
    items = announcements(singburi, 12)
    draft = AnnouncementFactory(office=singburi)
    index = client.get("/sitemap.xml").content.decode()
    pages = -(-draft.pk // 5)
    assert f"sitemap-announcements.xml?p={pages}</loc>" in index
    assert f"sitemap-announcements.xml?p={pages + 1}<" not in index
    assert 'hreflang="en"' in client.get("/sitemap-offices.xml").content.decode()  # alternates kept
    listed = "".join(
        client.get(f"/sitemap-announcements.xml?p={page}").content.decode() for page in range(1, pages + 1)
    )
    assert all(f"/singburi/announcements/{item.pk}/" in listed for item in items)
    assert f"/announcements/{draft.pk}/" not in listed


def test_list_pages_past_the_end_and_odd_numbers(client, singburi):
    announcements(singburi, 3)
    assert client.get("/singburi/announcements/?page=2").status_code == 404
    assert client.get("/singburi/announcements/?page=x").status_code == 200  # the first page
    page = client.get("/en/singburi/announcements/").content.decode()
    assert "Page 1" not in page  # one page: no pagination
    announcements(singburi, 20)
    page = client.get("/en/singburi/announcements/").content.decode()
    assert "Page 1<" in page and 'rel="next" href="?page=2"' in page


# Workspace lists that had query-count tests: (persona's office list, how its records grow, sizes).
def network(office, n):
    group = office.stakeholder_groups.first()
    start = NetworkMember.objects.count()
    NetworkMember.objects.bulk_create(
        NetworkMember(office=office, group=group, name=f"คน {i}") for i in range(start, start + n)
    )


WORKSPACE = [
    ("/manage/singburi/announcements/", announcements, 30, 60),
    ("/manage/singburi/meetings/", meetings, 30, 60),
    ("/manage/singburi/follow-up/", meetings, 55, 80),
    ("/manage/singburi/network/", network, 55, 120),
    ("/manage/singburi/feedback/", fill_feedback, 55, 110),
]


@pytest.mark.parametrize(("url", "grow", "small", "large"), WORKSPACE)
def test_workspace_lists(client, singburi, staff_singburi, url, grow, small, large):
    client.force_login(staff_singburi)
    grow(singburi, small)
    before = page_cost(client, url)
    grow(singburi, large - small)
    assert page_cost(client, url) == before


@pytest.mark.parametrize(
    "url",
    [
        "/singburi/announcements/",
        "/singburi/announcements/?page=2",
        "/singburi/meetings/",
        "/sitemap.xml",
        "/sitemap-announcements.xml",
        "/sitemap-meetings-en.xml",
    ],
)
def test_long_lists_count_nothing_and_take_no_maximum_of_a_date(client, singburi, url):
    """No COUNT over the list, no MAX(updated_at) over a whole table (the offices' directory aside)."""
    announcements(singburi, 25)
    meetings(singburi, 25)
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        assert 'COUNT(*) AS "__COUNT"' not in sql, sql  # Django's Paginator
        if 'MAX("' in sql and "UPDATED_AT" in sql.split('MAX("', 1)[1][:60]:
            assert sql.split("FROM", 1)[1].split()[0] == '"PARTICIPATION_OFFICE"', sql
