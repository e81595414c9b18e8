"""Working groups and their activities in the yearly cycle: step-4 evidence, the coverage matrix,
the targeted-versus-reached groups and the summary's figures."""

import datetime

import pytest
from django.utils import timezone

from participation.cycle import services as cycle_services
from participation.cycle.stats import compile_figures, coverage, year_tallies
from participation.evidence import PlanEvidence, gather
from participation.groups import services
from participation.vocabularies import CycleStep
from tests.factories import MeetingFactory, StakeholderGroupFactory
from tests.groups.helpers import FOUNDED, make_group, member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(singburi, staff_singburi):
    return cycle_services.plan_create(office=singburi, fiscal_year=2568, actor=staff_singburi)


def record(group, actor, title, **data):
    return services.activity_save(
        group=group, actor=actor, activity=None, data={"title": title, "held_on": FOUNDED, "kind": "training", **data}
    )


def test_activities_are_step_4_evidence(client, plan, group, staff_singburi, singburi):
    record(group, staff_singburi, "อบรมสมาชิก")
    record(group, staff_singburi, "เตรียมการลับ", is_public=False)
    record(group, staff_singburi, "ปีหน้า", held_on=datetime.date(2025, 10, 2))
    held = timezone.make_aware(datetime.datetime(2024, 11, 5, 9))
    meeting = MeetingFactory(office=singburi, starts_at=held, ends_at=held + datetime.timedelta(hours=3))
    linked = record(group, staff_singburi, "ประชุมที่บันทึกไว้", meeting_id=meeting.pk)
    titles = {item.title for item in gather(plan)[CycleStep.INVOLVE]}
    assert {group.name, f"{group.name}: อบรมสมาชิก", f"{group.name}: เตรียมการลับ"} <= titles
    assert f"{group.name}: ปีหน้า" not in titles
    assert f"{group.name}: {linked.title}" not in titles  # the meeting itself is the evidence
    public, internal = PlanEvidence(plan).counts(CycleStep.INVOLVE)
    assert (public, internal) == (3, 1)  # the group, its public training and the meeting; the internal one
    body = client.get("/singburi/plans/2568/steps/involve/").content.decode()
    assert "อบรมสมาชิก" in body and "เตรียมการลับ" not in body


def test_coverage_counts_them_and_their_members_reach_groups(plan, singburi, staff_singburi):
    teachers = singburi.stakeholder_groups.get()
    media = StakeholderGroupFactory(office=singburi)
    cycle_services.plan_targets_set(plan=plan, actor=staff_singburi, targets=[(teachers, "ก", []), (media, "ข", [])])
    group = make_group(singburi, staff_singburi, participation_level="collaborate", principles=["virtue"])
    services.member_save(group=group, actor=staff_singburi, member=None, data=member_data(stakeholder_group=teachers))
    record(group, staff_singburi, "อบรม")
    result = coverage(plan)
    rows = {row["level"].value: row for row in result["rows"]}
    assert rows["collaborate"]["total"] == 2
    assert result["activity_count"] == 2
    assert rows["collaborate"]["cells"][2] == 2  # virtue
    assert teachers.pk in year_tallies(plan)["groups"].groups
    # Teachers took part through the group's member; nobody from the media did.
    assert result["never_reached"] == [media]


def test_the_summary_figures_count_groups_members_and_activities(plan, singburi, group, staff_singburi):
    services.member_save(group=group, actor=staff_singburi, member=None, data=member_data())
    services.member_save(group=group, actor=staff_singburi, member=None, data=member_data(name="ข", left_on=FOUNDED))
    record(group, staff_singburi, "อบรม")
    record(group, staff_singburi, "ประชุม", kind="meeting")
    make_group(singburi, staff_singburi, name="ตั้งปีหน้า", founded_on=datetime.date(2025, 10, 5))
    figures = compile_figures(plan)["groups"]
    assert figures == {
        "count": 1,
        "active": 1,
        "members": 2,
        "activities": 2,
        "by_kind": {"training": 1, "meeting": 1},
    }
