"""The RSS feeds and the sitemap of announcements."""

import feedparser
import pytest

from announcements.models import Announcement
from portal.sitemaps import LanguageSitemap
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


class TestFeedsAndSitemap:
    def test_office_feed_is_valid(self, client, singburi, chainat):
        AnnouncementFactory(office=singburi, published=True, subject="ข่าวในฟีด")
        AnnouncementFactory(office=singburi, subject="ร่างไม่อยู่ในฟีด")
        AnnouncementFactory(office=chainat, published=True, subject="ข่าวสำนักงานอื่น")
        feed = feedparser.parse(client.get("/singburi/feed.xml").content)
        assert not feed.bozo, feed.bozo_exception
        titles = [entry.title for entry in feed.entries]
        assert titles == ["ข่าวในฟีด"]
        pk = Announcement.objects.get(subject="ข่าวในฟีด").pk
        assert feed.entries[0].link.endswith(f"/singburi/announcements/{pk}/")

    def test_all_offices_feed_is_valid(self, client, singburi, chainat):
        AnnouncementFactory(office=singburi, published=True, subject="หนึ่ง")
        AnnouncementFactory(office=chainat, published=True, subject="สอง")
        feed = feedparser.parse(client.get("/feed.xml").content)
        assert not feed.bozo, feed.bozo_exception
        assert {entry.title for entry in feed.entries} == {"หนึ่ง", "สอง"}

    def test_feed_of_unknown_office_is_404(self, client):
        assert client.get("/nowhere/feed.xml").status_code == 404

    def test_sitemap_lists_public_pages_only(self, client, singburi):
        published = AnnouncementFactory(office=singburi, published=True)
        draft = AnnouncementFactory(office=singburi)
        index = client.get("/sitemap.xml").content.decode()
        assert "sitemap-announcements.xml" in index

        # Each sitemap page is a range of keys: the page that holds these two (other tests' rows come first).
        def page_of(announcement, language=""):
            number = (announcement.pk - 1) // LanguageSitemap.limit + 1
            return client.get(f"/sitemap-announcements{language}.xml?p={number}").content.decode()

        assert f"/singburi/announcements/{published.pk}/" in page_of(published)
        assert f"/en/singburi/announcements/{published.pk}/" in page_of(published, "-en")
        assert f"/announcements/{draft.pk}/" not in page_of(draft)


def test_feed_descriptions_carry_no_markup_that_runs(client, singburi):
    AnnouncementFactory(office=singburi, published=True, summary="", body='**ตัวหนา** <img src=x onerror="alert(1)">')
    AnnouncementFactory(office=singburi, published=True, summary="<b>สรุป</b>")
    response = client.get("/singburi/feed.xml")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert len(feed.entries) == 2
    descriptions = " ".join(entry.description for entry in feed.entries)
    assert "onerror" not in descriptions and "<b>สรุป</b>" not in descriptions
    assert all(entry.id.startswith("tag:") for entry in feed.entries)
