"""A page of the API runs the same queries and fetches the same rows at two sizes of the data, and
a download reads a chunk at a time (tests/opendata/test_downloads.py)."""

import datetime

import pytest
from django.utils import timezone

from participation.cycle import services as cycle_services
from participation.cycle.models import EvidenceLink, Plan, StakeholderTarget, YearSummary
from participation.groups import services as group_services
from participation.meetings.models import FollowUpAction
from tests.factories import (
    AnnouncementFactory,
    AttendanceFactory,
    FeedbackFactory,
    MeetingFactory,
    OfficeFactory,
    StakeholderGroupFactory,
)
from tests.groups.helpers import make_group, member_data
from tests.hearings.helpers import make_hearing
from tests.helpers import page_cost
from tests.surveys.helpers import answer, close_and_publish, make_survey

pytestmark = pytest.mark.django_db


def grow(office, n: int) -> None:
    """n records of every kind, each with what its rows show (attachments aside)."""
    group = office.stakeholder_groups.first() or StakeholderGroupFactory(office=office)
    now = timezone.now()
    for i in range(n):
        announcement = AnnouncementFactory(office=office, published=True)
        announcement.target_groups.add(group)
        meeting = MeetingFactory(office=office, status="held", starts_at=now - datetime.timedelta(days=i + 1))
        AttendanceFactory(meeting=meeting, group=group)
        FollowUpAction.objects.create(meeting=meeting, office=office, description="ติดตาม")
        FeedbackFactory(office=office, status="answered", answered_at=now, answer="ตอบ", answer_public=True)
        # Feedback of other years: more rows of figures per office.
        FeedbackFactory(office=office, received_on=datetime.date(2020 + i % 4, 1 + i % 12, 1))
        hearing = make_hearing(office, None, status="reported")
        hearing.comments.create(body="ความเห็น", status="published", group=group)
        hearing.themes.create(title="ประเด็น", response="คำชี้แจง")
        survey = make_survey(office)
        answer(survey, group=group)
        close_and_publish(survey)
        working = make_group(office, None, stakeholder_groups=[group])
        group_services.member_save(group=working, actor=None, member=None, data=member_data())
        activity = {"kind": "training", "title": "อบรม", "held_on": working.founded_on, "is_public": True}
        group_services.activity_save(group=working, actor=None, activity=None, data=activity)
    # Plans (with their steps, targets and links) and approved summaries, a few a size.
    for _ in range(4):
        year = 2540 + Plan.objects.count()
        plan = cycle_services.plan_create(office=office, fiscal_year=year, actor=None)
        StakeholderTarget.objects.get_or_create(plan=plan, group=group)  # carried over from last year
        EvidenceLink.objects.create(plan=plan, step="publish", title="ลิงก์", url="https://example.org/")
        YearSummary.objects.filter(plan=plan).update(status="approved", approved_at=now)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/offices/?limit=3",
        "/api/v1/stakeholder-groups/?limit=3",
        "/api/v1/announcements/?limit=10",
        "/api/v1/announcements/?limit=10&office=singburi&kind=news",
        "/api/v1/meetings/?limit=10",
        "/api/v1/feedback-answers/?limit=10",
        "/api/v1/feedback-statistics/?limit=3",
        "/api/v1/plans/?limit=3",
        "/api/v1/summaries/?limit=3",
        "/api/v1/hearings/?limit=10",
        "/api/v1/surveys/?limit=10",
        "/api/v1/working-groups/?limit=10&kind=citizen",
        "/api/v1/",
        "/data/catalog.jsonld",
        "/data/",
    ],
)
def test_api_pages_cost_the_same_at_two_sizes(client, singburi, url, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (10**6, 60)}
    # Offices past a page of the offices dataset; the list of offices (/data/, the catalogue) is the
    # same at both sizes, as the home page's is: they list offices, not their records.
    OfficeFactory.create_batch(4)
    grow(singburi, 12)
    before = page_cost(client, url)
    grow(singburi, 20)
    assert page_cost(client, url) == before
