"""Announcement pages run the same number of queries whatever the number of announcements."""

import pytest

from tests.factories import AnnouncementFactory, OfficeFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/singburi/",
            "/singburi/announcements/",
            "/singburi/feed.xml",
            "/feed.xml",
            "/sitemap-announcements.xml",
        ],
    )
    def test_public_pages(self, client, singburi, url):
        AnnouncementFactory.create_batch(2, office=singburi, published=True)
        small = count_queries(client, url)
        other = OfficeFactory()
        AnnouncementFactory.create_batch(30, office=singburi, published=True)
        AnnouncementFactory.create_batch(10, office=other, published=True)
        assert count_queries(client, url) == small

    def test_manage_list(self, client, staff_singburi, singburi):
        client.force_login(staff_singburi)
        AnnouncementFactory.create_batch(2, office=singburi)
        small = count_queries(client, "/manage/singburi/announcements/")
        AnnouncementFactory.create_batch(30, office=singburi, published=True)
        assert count_queries(client, "/manage/singburi/announcements/") == small

    def test_detail(self, client, world, singburi):
        small = count_queries(client, f"/singburi/announcements/{world['pub']}/")
        assert small <= 8
