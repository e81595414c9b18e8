"""The cycle's pages run the same number of queries whatever the evidence."""

import datetime

import pytest
from django.utils import timezone

from participation.cycle import services
from tests.cycle.helpers import ITA, PLAN, SUMMARY, approve, populate
from tests.factories import AnnouncementFactory, MeetingFactory, MembershipFactory
from tests.helpers import FY, count_queries

pytestmark = pytest.mark.django_db


class TestCyclePage:
    def test_constant_queries_whatever_the_evidence(self, client, plan, singburi, group):
        populate(singburi, 2, group)
        small = count_queries(client, PLAN)
        populate(singburi, 18, group, start=2)
        assert count_queries(client, PLAN) == small


class TestSummaryPage:
    def test_constant_queries(self, client, plan, singburi, chainat, group, director_singburi):
        populate(singburi, 2, group)
        approve(plan, director_singburi)
        small = count_queries(client, SUMMARY)
        chainat_director = MembershipFactory(office=chainat, role="director").user
        other = services.plan_create(office=chainat, fiscal_year=FY, actor=chainat_director)
        populate(chainat, 20, chainat.stakeholder_groups.get())
        approve(other, chainat_director)
        assert count_queries(client, f"/chainat/plans/{FY}/summary/") == small


class TestItaPage:
    def test_constant_queries(self, client, plan, singburi, group):
        populate(singburi, 2, group)
        small = count_queries(client, ITA)
        populate(singburi, 18, group, start=2)
        assert count_queries(client, ITA) == small


def test_plan_and_approvals_pages_keep_their_query_count(client, director_singburi, staff_singburi, singburi):
    plan = services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    client.force_login(director_singburi)

    AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 1, 5))
    MeetingFactory(office=singburi, starts_at=timezone.make_aware(datetime.datetime(2025, 2, 1, 9)))
    small = count_queries(client, plan.get_manage_url())
    for day in range(1, 15):
        AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 1, day))
        MeetingFactory(office=singburi, starts_at=timezone.make_aware(datetime.datetime(2025, 2, day, 9)))
    assert count_queries(client, plan.get_manage_url()) == small
