"""The year's figures and coverage (participation.cycle.stats) and the evidence they count."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from participation.cycle import services
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import gather
from participation.meetings.services import follow_up_save
from participation.vocabularies import CycleStep
from tests.cycle.helpers import at
from tests.factories import (
    AnnouncementFactory,
    AttendanceFactory,
    FeedbackFactory,
    MeetingFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db


class TestFiguresAndCoverage:
    @pytest.fixture
    def year(self, singburi, plan):
        teachers = StakeholderGroupFactory(office=singburi, name="ครู")
        parents = StakeholderGroupFactory(office=singburi, name="ผู้ปกครอง")
        media = StakeholderGroupFactory(office=singburi, name="สื่อมวลชน")
        services.plan_targets_set(
            plan=plan, actor=None, targets=[(teachers, "", ""), (parents, "", ""), (media, "", "")]
        )
        seminar = MeetingFactory(
            office=singburi, status="held", starts_at=at(2025, 3, 1), participation_level="consult",
            principles=["participation"],
        )  # fmt: skip
        AttendanceFactory(meeting=seminar, group=teachers, invited=50, attended=40)
        AttendanceFactory(meeting=seminar, group=parents, invited=20, attended=15)
        MeetingFactory(office=singburi, status="held", starts_at=at(2024, 9, 30))  # the year before
        MeetingFactory(office=singburi, status="cancelled", starts_at=at(2025, 4, 1))
        follow_up_save(meeting=seminar, actor=None, action=None, data={"description": "ทำแล้ว", "status": "done"})
        follow_up_save(meeting=seminar, actor=None, action=None, data={"description": "ยังไม่ทำ"})
        for channels in (["website", "line"], ["website"]):
            AnnouncementFactory(
                office=singburi, published=True, announced_on=datetime.date(2025, 1, 10), channels=channels
            )
        AnnouncementFactory(office=singburi, announced_on=datetime.date(2025, 1, 11), channels=["radio"])  # a draft
        FeedbackFactory(office=singburi, kind="complaint", received_on=datetime.date(2025, 2, 1))
        FeedbackFactory(office=singburi, kind="question", received_on=datetime.date(2025, 2, 2))
        FeedbackFactory(office=singburi, kind="misconduct", received_on=datetime.date(2025, 2, 3))
        return {"teachers": teachers, "parents": parents, "media": media}

    def test_figures_counted_by_hand(self, plan, year):
        figures = compile_figures(plan)
        assert figures["meetings"] == {
            "count": 1,
            "held": 1,
            "attended": 55,
            "by_group": [
                {"group": year["teachers"].pk, "name": {"th": "ครู", "en": year["teachers"].name_en}, "attended": 40},
                {"group": year["parents"].pk, "name": {"th": "ผู้ปกครอง", "en": year["parents"].name_en}, "attended": 15},
            ],
        }
        assert figures["announcements"] == {"count": 2, "by_channel": {"website": 2, "line": 1}}
        assert figures["feedback"]["received"] == 2 and figures["feedback"]["complaints"] == 1
        assert "misconduct" not in figures["feedback"]["by_kind"]
        assert figures["follow_up"] == {"count": 2, "done": 1}

    def test_coverage_warns_and_names_groups_never_reached(self, plan, year):
        result = coverage(plan)
        assert result["activity_count"] == 3
        assert "involve" in result["missing_levels"] and "rule_of_law" in result["missing_principles"]
        assert not result["only_inform"]
        assert result["never_reached"] == [year["media"]]

    def test_everything_inform_is_flagged(self, plan, singburi):
        AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 1, 10))
        assert coverage(plan)["only_inform"]

    def test_detached_and_attached_evidence(self, plan, year, singburi, staff_singburi):
        announcement = AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2023, 5, 1))
        first = gather(plan)[CycleStep.PUBLISH][0]
        services.evidence_detach(
            plan=plan,
            actor=staff_singburi,
            step=CycleStep.PUBLISH,
            source="announcements",
            item_id=first.item_id,
            link_id=None,
        )
        services.evidence_attach(
            plan=plan, actor=staff_singburi, step=CycleStep.PUBLISH, source="announcements", item_id=announcement.pk
        )
        services.evidence_add_link(
            plan=plan,
            actor=staff_singburi,
            step=CycleStep.PUBLISH,
            title="วารสาร",
            url="https://example.org/j.pdf",
            public=True,
        )
        items = gather(plan)[CycleStep.PUBLISH]
        keys = {(item.source, item.item_id) for item in items}
        assert ("announcements", first.item_id) not in keys and ("announcements", announcement.pk) in keys
        assert any(item.source == "link" for item in items)

    def test_another_offices_record_cannot_be_attached(self, plan, chainat, staff_singburi):
        foreign = AnnouncementFactory(office=chainat, published=True)
        with pytest.raises(ValidationError):
            services.evidence_attach(
                plan=plan, actor=staff_singburi, step=CycleStep.PUBLISH, source="announcements", item_id=foreign.pk
            )
