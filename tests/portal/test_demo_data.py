"""The demo data is true to the source documents: each record in its own fiscal year, invented details
marked as sample data and varied by office, the sources' wording, the Ministry's date discrepancy noted."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from announcements.models import Announcement
from participation.cycle import services as cycle_services
from participation.cycle.demo import SEMINAR_FISCAL_YEAR, seed_cycle
from participation.cycle.models import EvidenceLink, Plan, YearSummary
from participation.demo import SAMPLE_DATA
from participation.evidence import gather
from participation.feedback.models import Feedback
from participation.fiscal import fiscal_year_of
from participation.meetings.models import Meeting, MeetingAttendance
from participation.vocabularies import CycleStep

pytestmark = pytest.mark.django_db

# Evidence dated before its year by design: step 1 starts from last year's approved summary, and a
# working group that is active in the year carries the date it was founded.
STANDING = {"last_summary", "groups"}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def seminar() -> Meeting:
    return Meeting.objects.get(office__slug="singburi", starts_at__date="2019-09-09")


def evidence_keys(plan: Plan) -> set:
    return {item.key for items in gather(plan).values() for item in items}


def test_the_sing_buri_seminar_is_evidence_of_fiscal_year_2562_only(demo):
    assert fiscal_year_of(seminar().starts_at.date()) == SEMINAR_FISCAL_YEAR == 2562
    year = Plan.objects.get(office__slug="singburi", fiscal_year=2562)
    assert ("meetings", seminar().pk) in {item.key for item in gather(year)[CycleStep.INVOLVE]}
    summary = YearSummary.objects.approved().get(plan=year)
    assert summary.figures["meetings"]["attended"] == 103
    assert fiscal_year_of(summary.approved_at.date()) == 2562
    for other in Plan.objects.filter(office__slug="singburi").exclude(fiscal_year=2562):
        assert ("meetings", seminar().pk) not in evidence_keys(other), other.fiscal_year


def test_no_approved_summary_counts_a_record_of_another_year(demo):
    approved = YearSummary.objects.approved().select_related("plan__office")
    assert approved.exists()
    for summary in approved:
        start, end = summary.plan.date_range
        for items in gather(summary.plan).values():
            for item in items:
                if item.source in STANDING:
                    continue
                assert item.date is None or start <= item.date <= end, (summary.plan, item.source, item.date)


def test_a_seminar_attached_to_fiscal_year_2569_by_an_older_demo_is_taken_back(demo):
    """The 2569 summary's evidence holds no record dated outside fiscal year 2569."""
    singburi = seminar().office
    year_2569 = cycle_services.plan_create(office=singburi, fiscal_year=2569, actor=None)
    cycle_services.evidence_attach(
        plan=year_2569, actor=None, step=CycleStep.INVOLVE, source="meetings", item_id=seminar().pk
    )
    assert ("meetings", seminar().pk) in evidence_keys(year_2569)
    seed_cycle()
    assert not EvidenceLink.objects.filter(plan=year_2569).exists()
    start, end = year_2569.date_range
    for items in gather(year_2569).values():
        for item in items:
            assert item.source in STANDING or item.date is None or start <= item.date <= end, (item.source, item.date)


def test_invented_details_are_marked_as_sample_data(demo, client):
    for meeting in Meeting.objects.all():
        assert SAMPLE_DATA in meeting.minutes, meeting.title
    assert Feedback.objects.exists()
    assert not Feedback.objects.exclude(subject__contains=SAMPLE_DATA).exists()
    summary = YearSummary.objects.approved().get(plan__office__slug="singburi")
    assert SAMPLE_DATA in summary.analysis
    page = client.get(seminar().get_absolute_url()).content.decode()
    assert SAMPLE_DATA in page and "103" in page


def test_invented_figures_differ_between_offices(demo):
    mixes = {
        slug: tuple(sorted(Counter(Feedback.objects.filter(office__slug=slug).values_list("kind", "status")).items()))
        for slug in ["singburi", "chainat", "loei1", "ratchaburi1", "ops-moe"]
    }
    assert len(set(mixes.values())) == len(mixes)
    reports = dict(
        Feedback.objects.filter(kind=Feedback.Kind.MISCONDUCT)
        .values_list("office__slug")
        .annotate(n=Count("pk"))
        .values_list("office__slug", "n")
    )
    assert "ratchaburi1" not in reports  # one office shows "none received"
    assert len(set(reports.values())) > 1
    invited = MeetingAttendance.objects.filter(meeting__office__slug="chainat").values_list("invited", flat=True)
    assert len(set(invited)) == len(invited) > 1


def test_the_sources_wording_of_principles_and_levels(demo):
    ratchaburi = Announcement.objects.get(office__slug="ratchaburi1").body
    for principle in ["หลักความโปร่งใส", "หลักนิติธรรม", "หลักคุณธรรม", "หลักการมีส่วนร่วม", "หลักความพร้อมรับผิด", "หลักประสิทธิภาพ"]:
        assert principle in ratchaburi
    assert "หลักความรับผิดชอบ" not in ratchaburi
    workshop = Announcement.objects.get(office__slug="ops-moe").body
    for level in ["การให้ข้อมูลข่าวสาร", "การให้คำปรึกษา", "การเข้ามามีส่วนเกี่ยวข้อง", "การให้ความร่วมมือ"]:
        assert level in workshop
    assert "การส่งเสริมให้ประชาชนเข้ามามีส่วนร่วม" in workshop


def test_the_ministry_workshop_date_discrepancy_is_noted_where_it_is_shown(demo, client):
    workshop = Meeting.objects.get(office__slug="ops-moe")
    assert fiscal_year_of(workshop.starts_at.date()) == 2564
    news = Announcement.objects.get(office__slug="ops-moe")
    for url in [workshop.get_absolute_url(), news.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "22–25 ธันวาคม 2553" in page and "2564" in page, url
