"""Meeting pages run the same number of queries whatever the number of meetings."""

import datetime

import pytest
from django.utils import timezone

from participation.meetings import services
from tests.factories import AttendanceFactory, MeetingFactory, OfficeFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url", ["/singburi/meetings/", "/singburi/", "/singburi/meetings.ics", "/sitemap-meetings.xml"]
    )
    def test_public_lists(self, client, singburi, url):
        MeetingFactory(office=singburi)
        AttendanceFactory(
            meeting=MeetingFactory(
                office=singburi, status="held", starts_at=timezone.now() - datetime.timedelta(days=9)
            )
        )
        small = count_queries(client, url)
        for _ in range(15):
            meeting = MeetingFactory(
                office=singburi, status="held", starts_at=timezone.now() - datetime.timedelta(days=9)
            )
            AttendanceFactory(meeting=meeting)
        MeetingFactory.create_batch(10, office=singburi)
        MeetingFactory.create_batch(5, office=OfficeFactory())
        assert count_queries(client, url) == small

    def test_manage_lists(self, client, staff_singburi, singburi):
        client.force_login(staff_singburi)
        for meeting in MeetingFactory.create_batch(2, office=singburi):
            services.follow_up_save(meeting=meeting, actor=staff_singburi, action=None, data={"description": "งาน"})
        small = (
            count_queries(client, "/manage/singburi/meetings/"),
            count_queries(client, "/manage/singburi/follow-up/"),
        )
        for meeting in MeetingFactory.create_batch(12, office=singburi):
            services.follow_up_save(meeting=meeting, actor=staff_singburi, action=None, data={"description": "งาน"})
        assert (
            count_queries(client, "/manage/singburi/meetings/"),
            count_queries(client, "/manage/singburi/follow-up/"),
        ) == small

    def test_detail(self, client, singburi):
        meeting = MeetingFactory(office=singburi)
        AttendanceFactory(meeting=meeting)
        small = count_queries(client, meeting.get_absolute_url())
        for _ in range(8):
            AttendanceFactory(meeting=meeting)
        assert count_queries(client, meeting.get_absolute_url()) == small
