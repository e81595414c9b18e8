"""The yearly cycle's services: plans, the summary's way to approval, carrying over to the next year."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from participation.cycle import services
from participation.cycle.models import Plan, YearSummary
from participation.cycle.stats import compile_figures
from participation.evidence import gather
from participation.models import AuditEvent
from participation.vocabularies import CycleStep
from tests.cycle.helpers import at, summary_text
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    StakeholderGroupFactory,
)
from tests.helpers import FY

pytestmark = pytest.mark.django_db
S = YearSummary.Status


def written(summary, staff):
    return services.summary_save(
        summary=summary,
        actor=staff,
        data=summary_text(),
    )


@pytest.fixture
def submitted(plan, staff_singburi):
    written(plan.summary, staff_singburi)
    services.summary_submit(summary=plan.summary, actor=staff_singburi)
    plan.summary.refresh_from_db()
    return plan.summary


class TestPlan:
    def test_five_steps_in_order(self, plan):
        assert list(plan.steps.values_list("step", flat=True)) == list(CycleStep.values)
        assert plan.summary.status == S.DRAFT

    def test_second_plan_for_the_same_year_is_refused(self, plan, singburi, staff_singburi):
        with pytest.raises(ValidationError) as error:
            services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
        assert error.value.code == "exists"
        assert Plan.objects.count() == 1


class TestSummaryTransitions:
    def test_submit_keeps_a_version_with_the_figures(self, submitted):
        assert submitted.status == S.SUBMITTED and submitted.version == 1
        version = submitted.versions.get()
        assert version.snapshot["recommendations"].startswith("ขยาย") and "meetings" in version.snapshot["figures"]

    def test_incomplete_summary_cannot_be_submitted(self, plan, staff_singburi):
        with pytest.raises(ValidationError) as error:
            services.summary_submit(summary=plan.summary, actor=staff_singburi)
        assert error.value.code == "incomplete"

    def test_return_revise_resubmit_approve(self, submitted, staff_singburi, director_singburi):
        services.summary_return(summary=submitted, actor=director_singburi, comment="เพิ่มข้อมูลผู้ปกครอง")
        written(submitted, staff_singburi)
        services.summary_submit(summary=submitted, actor=staff_singburi)
        summary = services.summary_approve(
            summary=submitted, actor=director_singburi, name="ดร.พิเชฐร์ วันทอง", position="ผู้อำนวยการ"
        )
        assert summary.status == S.APPROVED and summary.approver_name == "ดร.พิเชฐร์ วันทอง"
        decisions = list(summary.versions.order_by("number").values_list("decision", flat=True))
        assert decisions == ["returned", "approved"]
        actions = set(AuditEvent.objects.filter(target_type="cycle.plan").values_list("action", flat=True))
        assert {"summary.submitted", "summary.returned", "summary.approved"} <= actions

    def test_only_a_director_decides(self, submitted, staff_singburi, director_singburi, chainat):
        other_director = MembershipFactory(office=chainat, role="director").user
        for person in [staff_singburi, other_director]:
            with pytest.raises(ValidationError):
                services.summary_approve(summary=submitted, actor=person, name="", position="")
            with pytest.raises(ValidationError):
                services.summary_return(summary=submitted, actor=person, comment="x")
        submitted.refresh_from_db()
        assert submitted.status == S.SUBMITTED

    @pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.APPROVED])
    def test_approving_anything_not_awaiting_is_refused(self, plan, director_singburi, status):
        YearSummary.objects.filter(pk=plan.summary.pk).update(status=status)
        with pytest.raises(ValidationError):
            services.summary_approve(summary=plan.summary, actor=director_singburi, name="", position="")
        plan.summary.refresh_from_db()
        assert plan.summary.status == status

    def test_approving_twice_is_refused(self, submitted, director_singburi):
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        with pytest.raises(ValidationError):
            services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        assert YearSummary.objects.filter(status=S.APPROVED).count() == 1

    def test_an_approved_summary_cannot_be_edited(self, submitted, staff_singburi, director_singburi):
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        with pytest.raises(ValidationError):
            services.summary_save(summary=submitted, actor=staff_singburi, data={"analysis": "แก้"})
        submitted.refresh_from_db()
        assert submitted.analysis == "วิเคราะห์"

    def test_returning_needs_a_comment(self, submitted, director_singburi):
        with pytest.raises(ValidationError):
            services.summary_return(summary=submitted, actor=director_singburi, comment=" ")


class TestCarryOver:
    def test_approval_opens_next_years_plan_with_the_summary(self, submitted, director_singburi, singburi):
        group = StakeholderGroupFactory(office=singburi)
        services.plan_targets_set(plan=submitted.plan, actor=director_singburi, targets=[(group, "เหตุผล", "LINE")])
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        following = Plan.objects.get(office=singburi, fiscal_year=FY + 1)
        assert following.previous_summary == submitted
        review = following.steps.get(step=CycleStep.REVIEW)
        assert "ขยายเวทีรับฟังความเห็นไปยังผู้ปกครอง" in review.description
        assert list(following.targets.values_list("group", flat=True)) == [group.pk]
        step_one = gather(following)[CycleStep.REVIEW]
        assert [item.source for item in step_one] == ["last_summary"]

    def test_an_existing_next_plan_gets_the_summary(self, submitted, director_singburi, singburi, staff_singburi):
        following = services.plan_create(office=singburi, fiscal_year=FY + 1, actor=staff_singburi)
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        following.refresh_from_db()
        assert following.previous_summary == submitted


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there")
@pytest.mark.django_db(transaction=True)
def test_two_directors_approving_at_once_one_wins(singburi, staff_singburi, director_singburi):
    second = MembershipFactory(office=singburi, role="director").user
    plan = services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    written(plan.summary, staff_singburi)
    services.summary_submit(summary=plan.summary, actor=staff_singburi)
    barrier, results = threading.Barrier(2), []

    def approve(director):
        try:
            barrier.wait()
            services.summary_approve(summary=plan.summary, actor=director, name="", position="")
            results.append("approved")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(person,)) for person in (director_singburi, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["approved", "refused"]
    assert Plan.objects.filter(fiscal_year=FY + 1).count() == 1


class TestReviewFixes:
    def test_a_meeting_counts_once_and_cancelled_ones_never(self, plan, staff_singburi, singburi):
        hearing = MeetingFactory(office=singburi, status="held", kind="hearing", starts_at=at(2025, 2, 1))
        AttendanceFactory(meeting=hearing, attended=10)
        cancelled = MeetingFactory(office=singburi, status="cancelled", starts_at=at(2024, 3, 1))
        # Collected for step 3 and attached by hand to step 4 as well: it still counts once.
        services.evidence_attach(plan=plan, actor=staff_singburi, step="involve", source="meetings", item_id=hearing.pk)
        with pytest.raises(ValidationError):
            services.evidence_attach(
                plan=plan, actor=staff_singburi, step="involve", source="meetings", item_id=cancelled.pk
            )
        figures = compile_figures(plan)
        assert (figures["meetings"]["count"], figures["meetings"]["attended"]) == (1, 10)

    def test_a_record_of_another_year_counts_only_when_attached_on_purpose(self, plan, staff_singburi, singburi):
        earlier = MeetingFactory(office=singburi, status="held", starts_at=at(2024, 3, 1))
        AttendanceFactory(meeting=earlier, attended=7)
        assert compile_figures(plan)["meetings"]["count"] == 0
        services.evidence_attach(plan=plan, actor=staff_singburi, step="involve", source="meetings", item_id=earlier.pk)
        assert compile_figures(plan)["meetings"]["attended"] == 7

    def test_an_approved_year_is_closed(self, submitted, director_singburi, staff_singburi):
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        with pytest.raises(ValidationError):
            services.evidence_add_link(
                plan=submitted.plan,
                actor=staff_singburi,
                step="publish",
                title="x",
                url="https://example.org",
                public=True,
            )
        with pytest.raises(ValidationError):
            services.plan_targets_set(plan=submitted.plan, actor=staff_singburi, targets=[])

    def test_a_site_administrator_does_not_decide(self, submitted, site_admin):
        with pytest.raises(ValidationError):
            services.summary_approve(summary=submitted, actor=site_admin, name="", position="")

    def test_next_years_plan_opened_early_still_carries_over(
        self, submitted, director_singburi, staff_singburi, singburi
    ):
        group = StakeholderGroupFactory(office=singburi)
        services.plan_targets_set(plan=submitted.plan, actor=staff_singburi, targets=[(group, "", "")])
        following = services.plan_create(office=singburi, fiscal_year=FY + 1, actor=staff_singburi)
        services.summary_approve(summary=submitted, actor=director_singburi, name="", position="")
        following.refresh_from_db()
        assert following.previous_summary == submitted
        assert "ขยายเวทีรับฟังความเห็นไปยังผู้ปกครอง" in following.steps.get(step="review").description
        assert list(following.targets.values_list("group", flat=True)) == [group.pk]
