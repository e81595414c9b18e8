"""The cycle's pages run the same queries and fetch the same number of rows whatever the evidence."""

import datetime

import pytest
from django.utils import timezone

from participation.cycle import services
from participation.cycle.views import manage, public
from participation.surveys.services import survey_create_satisfaction
from tests.cycle.helpers import ITA, PLAN, SUMMARY, approve, at, populate
from tests.factories import AnnouncementFactory, MeetingFactory, MembershipFactory
from tests.feedback.helpers import fill as fill_feedback
from tests.feedback.helpers import fill_misconduct
from tests.helpers import FY, count_queries, page_cost

pytestmark = pytest.mark.django_db

STEP = f"/singburi/plans/{FY}/steps/involve/"
MANAGE_PLAN = f"/manage/singburi/plans/{FY}/"
MANAGE_STEP = f"/manage/singburi/plans/{FY}/steps/involve/evidence/"
MANAGE_PUBLISH = f"/manage/singburi/plans/{FY}/steps/publish/evidence/"


def around(office, n: int, *, start: int = 0) -> None:
    """n announcements and n meetings in each of the years before and after FY: what staff may attach."""
    for i in range(start, start + n):
        for year, when in ((2024, 1), (2025, 11)):
            AnnouncementFactory(
                office=office, published=True, subject=f"ข่าวปีอื่น {i}", announced_on=datetime.date(year, when, 5)
            )
            MeetingFactory(office=office, title=f"สัมมนาปีอื่น {i}", status="held", starts_at=at(year, when, 6))


class TestCyclePage:
    def test_constant_queries_and_rows_whatever_the_evidence(self, client, plan, singburi, group):
        # More than the five records each step shows at both sizes: before pages of evidence the
        # page listed every record, 38 rows here and 158 with thirty of each.
        populate(singburi, 6, group)
        small = page_cost(client, PLAN)
        populate(singburi, 24, group, start=6)
        assert page_cost(client, PLAN) == small


class TestStepPages:
    def test_constant_queries_and_rows_on_every_page(self, client, plan, singburi, group, monkeypatch):
        monkeypatch.setattr(public, "STEP_PAGE_SIZE", 5)
        publish = f"/singburi/plans/{FY}/steps/publish/"
        populate(singburi, 12, group)
        small = page_cost(client, STEP), page_cost(client, publish)
        # The first page's records are kept with the year's figures (participation.storedfigures); the
        # others are read each time: a later page is compared with a later page.
        small_later = page_cost(client, STEP + "?page=2"), page_cost(client, publish + "?page=2")
        populate(singburi, 24, group, start=12)
        assert (page_cost(client, STEP), page_cost(client, publish)) == small
        assert (page_cost(client, STEP + "?page=3"), page_cost(client, publish + "?page=6")) == small_later


class TestWorkspacePlanPage:
    def test_constant_queries_and_rows_whatever_the_evidence(self, client, plan, singburi, group, staff_singburi):
        # Before: every record of the year and of the years around it (the attach list) was read,
        # 40 rows here and 160 with thirty of each, more with records of the years around.
        client.force_login(staff_singburi)
        populate(singburi, 6, group)
        around(singburi, 3)
        small = page_cost(client, MANAGE_PLAN)
        populate(singburi, 24, group, start=6)
        around(singburi, 20, start=3)
        assert page_cost(client, MANAGE_PLAN) == small


class TestWorkspaceStepPages:
    def test_constant_queries_and_rows_on_every_page_and_search(
        self, client, plan, singburi, group, staff_singburi, monkeypatch
    ):
        monkeypatch.setattr(manage, "STEP_PAGE_SIZE", 5)
        monkeypatch.setattr(manage, "SEARCH_LIMIT", 2)
        client.force_login(staff_singburi)
        searches = (MANAGE_STEP + "?q=สัมมนาปีอื่น", MANAGE_PUBLISH + "?q=ข่าวปีอื่น")
        populate(singburi, 6, group)  # 12 meetings of step 4 (6 internal): past two pages of 5
        around(singburi, 3)  # 3 of each kind a year: past the search's limit, which each year's query takes
        small = [page_cost(client, url) for url in (MANAGE_STEP, MANAGE_PUBLISH, *searches)]
        # The first page's records are kept with the year's figures; later pages are read each time.
        small_later = page_cost(client, MANAGE_STEP + "?page=2")
        populate(singburi, 24, group, start=6)
        around(singburi, 20, start=3)
        assert [page_cost(client, url) for url in (MANAGE_STEP, MANAGE_PUBLISH, *searches)] == small
        assert page_cost(client, MANAGE_STEP + "?page=9") == small_later
        # A later page of the search costs what its second page does, however far it is.
        later = page_cost(client, MANAGE_PUBLISH + "?page=2&q=ข่าวปีอื่น")
        assert page_cost(client, MANAGE_PUBLISH + "?page=5&q=ข่าวปีอื่น") == later


class TestSummaryPage:
    def test_constant_queries_and_rows(self, client, plan, singburi, chainat, group, director_singburi):
        populate(singburi, 2, group)
        approve(plan, director_singburi)
        small = page_cost(client, SUMMARY)
        chainat_director = MembershipFactory(office=chainat, role="director").user
        other = services.plan_create(office=chainat, fiscal_year=FY, actor=chainat_director)
        populate(chainat, 20, chainat.stakeholder_groups.get())
        approve(other, chainat_director)
        assert page_cost(client, f"/chainat/plans/{FY}/summary/") == small


class TestItaPage:
    def test_constant_queries_and_rows(self, client, plan, singburi, group):
        # Before: 52 rows here and 220 with thirty of each (every meeting described).
        populate(singburi, 6, group)
        small = page_cost(client, ITA)
        populate(singburi, 24, group, start=6)
        assert page_cost(client, ITA) == small


class TestOitPage:
    def test_constant_queries_and_rows(self, client, plan, singburi, group, director_singburi):
        """Every checklist item of the year, asked of every app, whatever the year's records."""
        oit = f"/singburi/plans/{FY}/oit/"
        survey_create_satisfaction(office=singburi, actor=None, fiscal_year=FY)
        populate(singburi, 6, group)
        # Past every grouping of the feedback figures (months, kinds and channels, days to answer).
        fill_feedback(singburi, 60)
        fill_misconduct(singburi, 6)
        approve(plan, director_singburi)
        small = page_cost(client, oit)
        populate(singburi, 24, group, start=6)
        fill_feedback(singburi, 60)
        fill_misconduct(singburi, 30)
        survey_create_satisfaction(office=singburi, actor=None, fiscal_year=FY)
        assert page_cost(client, oit) == small


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
