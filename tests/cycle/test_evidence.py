"""The evidence read without loading it (participation.evidence.PlanEvidence and the sources'
tallies) says what gathering every record says: same counts, same records, same figures."""

import datetime

import pytest

from participation import evidence as registry
from participation.cycle import services
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import PlanEvidence, gather
from participation.meetings.services import follow_up_save
from participation.tallies import Tally
from participation.vocabularies import CycleStep
from tests.cycle.helpers import at, populate
from tests.factories import AnnouncementFactory, AttendanceFactory, FeedbackFactory, MeetingFactory
from tests.helpers import FY

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_year(singburi, plan, group, staff_singburi):
    """Public and internal records, hearings, records of other years and cancelled ones, and staff's
    choices: a record left out, records attached by hand (one from another year, one twice), links."""
    populate(singburi, 4, group)
    hearing = MeetingFactory(
        office=singburi, kind="hearing", status="held", starts_at=at(2025, 5, 1), outcomes="รับฟังแล้ว",
        participation_level="consult", principles=["participation"],
    )  # fmt: skip
    AttendanceFactory(meeting=hearing, group=group, invited=30, attended=21)
    for status in ("done", "open"):
        follow_up_save(
            meeting=hearing, actor=None, action=None, data={"description": f"งาน {status}", "status": status}
        )
    MeetingFactory(office=singburi, kind="hearing", status="held", starts_at=at(2025, 5, 2), is_public=False)
    MeetingFactory(office=singburi, status="cancelled", starts_at=at(2025, 4, 1))
    older = MeetingFactory(office=singburi, status="held", starts_at=at(2024, 3, 1), title="สัมมนาปีก่อน")
    AttendanceFactory(meeting=older, group=group, invited=9, attended=9)
    follow_up_save(meeting=older, actor=None, action=None, data={"description": "งานเก่า", "status": "done"})
    AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2024, 5, 1))  # last year
    AnnouncementFactory(office=singburi, announced_on=datetime.date(2025, 2, 1))  # a draft
    FeedbackFactory(office=singburi, kind="question", received_on=datetime.date(2025, 2, 2))
    left_out = plan.office.meetings.filter(title="สัมมนาสาธารณะ 2").get()
    services.evidence_detach(
        plan=plan, actor=staff_singburi, step=CycleStep.INVOLVE, source="meetings", item_id=left_out.pk, link_id=None
    )
    services.evidence_attach(
        plan=plan, actor=staff_singburi, step=CycleStep.INVOLVE, source="meetings", item_id=older.pk
    )
    services.evidence_attach(
        plan=plan, actor=staff_singburi, step=CycleStep.CONSULT, source="hearings", item_id=older.pk
    )
    # A meeting of the year attached to step 3 as well: counted once in the figures.
    twice = plan.office.meetings.filter(title="สัมมนาสาธารณะ 1").get()
    for status in ("done", "done", "in_progress"):
        follow_up_save(meeting=twice, actor=None, action=None, data={"description": f"งาน {status}", "status": status})
    services.evidence_attach(
        plan=plan, actor=staff_singburi, step=CycleStep.CONSULT, source="hearings", item_id=twice.pk
    )
    for public in (True, False):
        services.evidence_add_link(
            plan=plan, actor=staff_singburi, step=CycleStep.PUBLISH, title=f"ลิงก์ {public}", url="https://x.test/",
            public=public,
        )  # fmt: skip
    return plan


def test_every_tally_is_the_sum_of_what_its_source_collects(busy_year, singburi):
    excluded = frozenset(singburi.meetings.filter(title="สัมมนาสาธารณะ 3").values_list("pk", flat=True))
    counted = [source for source in registry.sources() if source.tally is not None]
    assert {source.key for source in counted} >= {"announcements", "meetings", "hearings"}
    for source in counted:
        for exclude in (frozenset(), excluded):
            collected = source.collect(singburi, FY, exclude=exclude)
            assert source.tally(singburi, FY, exclude=exclude) == Tally.of(collected), source.key
            assert collected, source.key
    # The comparison above covers follow-up actions (counted per meeting, in subqueries).
    for key in ("meetings", "hearings"):
        sums = registry.source(key).tally(singburi, FY).sums
        assert sums["actions"] > sums["actions_done"] > 0, key


def test_sources_hand_out_pages_of_public_records_latest_first(busy_year, singburi):
    meetings = registry.source("meetings")
    public = [item for item in meetings.collect(singburi, FY) if item.is_public]
    assert public == meetings.collect(singburi, FY, public_only=True)
    assert [item.date for item in public] == sorted((item.date for item in public), reverse=True)
    assert meetings.collect(singburi, FY, public_only=True, limit=2, offset=1) == public[1:3]


def test_counts_and_pages_of_each_step_match_what_gather_finds(busy_year):
    gathered = gather(busy_year)
    evidence = PlanEvidence(busy_year)
    for step in CycleStep.values:
        items = gathered[step]
        public = [item for item in items if item.is_public]
        assert evidence.counts(step) == (len(public), len(items) - len(public)), step
        pages = evidence.page(step, limit=3) + evidence.page(step, offset=3, limit=100)
        assert sorted(item.key for item in pages) == sorted(item.key for item in public), step
        assert len(pages) == len({(item.key, item.title) for item in pages}), step  # none twice
    # What staff attached comes first in its step.
    assert evidence.page(CycleStep.INVOLVE, limit=1)[0].title == "สัมมนาปีก่อน"


def test_figures_and_coverage_counted_in_the_database_match_the_gathered_ones(busy_year):
    gathered = gather(busy_year)
    assert compile_figures(busy_year) == compile_figures(busy_year, gathered)
    assert coverage(busy_year) == coverage(busy_year, gathered)
    figures = compile_figures(busy_year)
    # 4 public and 4 internal meetings, less one left out, 2 hearings, the older one attached by hand.
    assert figures["meetings"]["count"] == 4 + 4 - 1 + 2 + 1
    assert figures["announcements"]["count"] == 4


def test_the_latest_public_meetings_of_any_step_each_once(busy_year):
    latest = PlanEvidence(busy_year).latest({"meetings"}, limit=3)
    assert [item.title for item in latest][0] != "สัมมนาปีก่อน"
    assert len({item.key for item in latest}) == 3
    assert all(item.is_public for item in latest)
    everything = PlanEvidence(busy_year).latest({"meetings"}, limit=100)
    public = {item.key for step in gather(busy_year).values() for item in step if item.source == "meetings"}
    public_only = {key for key in public if key in {item.key for item in everything}}
    assert len(everything) == len(public_only) == 4 - 1 + 1 + 1  # 4 public less 1 left out, the hearing, the older


def test_staff_pages_of_each_step_hold_every_record_gather_finds(busy_year):
    gathered = gather(busy_year)
    evidence = PlanEvidence(busy_year)
    for step in CycleStep.values:
        pages = evidence.page(step, limit=3, public_only=False) + evidence.page(
            step, offset=3, limit=100, public_only=False
        )
        assert sorted((item.key, item.title) for item in pages) == sorted(
            (item.key, item.title) for item in gathered[step]
        ), step
        assert len(pages) == sum(evidence.counts(step)), step
    assert any(not item.is_public for item in evidence.page(CycleStep.INVOLVE, limit=100, public_only=False))


def test_search_finds_records_of_the_years_asked_for_by_title(busy_year, singburi, chainat):
    MeetingFactory(office=chainat, status="held", starts_at=at(2024, 3, 1), title="สัมมนาปีก่อน")
    found = registry.search(singburi, step=CycleStep.INVOLVE, fiscal_years=(FY - 1, FY + 1), text="ปีก่อน", limit=5)
    assert [(source.key, item.title) for source, item in found] == [("meetings", "สัมมนาปีก่อน")]
    assert registry.search(singburi, step=CycleStep.INVOLVE, fiscal_years=(FY,), text="สาธารณะ", limit=2)
    assert len(registry.search(singburi, step=CycleStep.INVOLVE, fiscal_years=(FY,), text="สัมมนา", limit=2)) == 2
    assert not registry.search(singburi, step=CycleStep.INVOLVE, fiscal_years=(FY - 1,), text="  ", limit=5)
    assert not registry.search(singburi, step=CycleStep.REVIEW, fiscal_years=(FY - 1,), text="สรุป", limit=5)
    # Hearings, public or internal, are found through their own source, for step 3.
    hearings = registry.search(singburi, step=CycleStep.CONSULT, fiscal_years=(FY,), text="ประชุมภาคี", limit=5)
    assert [(source.key, item.is_public) for source, item in hearings] == [("hearings", False), ("hearings", True)]
