"""Every state change of working groups and every refusal, with its audit row."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from participation.groups import services
from participation.groups.models import AppointmentOrder, GroupMember, JoinRequest, Score, WorkingGroup
from participation.models import AuditEvent
from tests.factories import MeetingFactory, StakeholderGroupFactory
from tests.groups.helpers import FOUNDED, make_group, member_data

pytestmark = pytest.mark.django_db

ORDER = {
    "number": "7/2568",
    "subject": "แต่งตั้งคณะทำงาน",
    "body": "เพื่อการดำเนินงาน",
    "issued_on": FOUNDED,
    "signer_name": "ผู้ลงนาม",
    "signer_position": "ผู้อำนวยการ",
}
JOIN = {"name": "ผู้สมัคร", "email": "a@example.org", "motivation": "อยากช่วย", "name_public": True}


def actions(target) -> list[str]:
    return [event.action for event in AuditEvent.objects.about(target)]


def close(group, actor, on=None):
    return services.group_close(group=group, actor=actor, closed_on=on or datetime.date(2025, 9, 1), reason="ครบวาระ")


class TestGroup:
    def test_create_keeps_the_office_groups_only(self, singburi, chainat, staff_singburi):
        other = StakeholderGroupFactory(office=chainat)
        group = make_group(singburi, staff_singburi, stakeholder_groups=[*singburi.stakeholder_groups.all(), other])
        assert list(group.stakeholder_groups.all()) == list(singburi.stakeholder_groups.all())
        assert group.status == WorkingGroup.Status.ACTIVE
        assert actions(group) == ["group.created"]

    def test_create_refuses_unknown_principles_and_a_term_before_founding(self, singburi, staff_singburi):
        with pytest.raises(ValidationError):
            make_group(singburi, staff_singburi, principles=["bribery"])
        with pytest.raises(ValidationError):
            make_group(singburi, staff_singburi, term_ends_on=FOUNDED - datetime.timedelta(days=1))
        assert not WorkingGroup.objects.exists()

    def test_update_saves_what_changed(self, group, staff_singburi):
        services.group_update(group=group, actor=staff_singburi, data={"name": "ชื่อใหม่", "kind": "citizen"})
        group.refresh_from_db()
        assert group.name == "ชื่อใหม่"
        assert AuditEvent.objects.about(group).first().data == {"fields": ["name"]}

    def test_close_declines_waiting_requests_and_then_refuses_everything(self, group, named, staff_singburi):
        request, _ = services.join_request_submit(group=group, data=JOIN, token=uuid.uuid4())
        close(group, staff_singburi)
        group.refresh_from_db()
        request.refresh_from_db()
        assert (group.status, group.closed_on, group.join_open) == ("closed", datetime.date(2025, 9, 1), False)
        assert request.status == JoinRequest.Status.DECLINED
        refusals = [
            lambda: close(group, staff_singburi),
            lambda: services.group_update(group=group, actor=staff_singburi, data={"name": "x"}),
            lambda: services.member_save(group=group, actor=staff_singburi, member=None, data=member_data()),
            lambda: services.order_issue(group=group, actor=staff_singburi, data=ORDER),
            lambda: services.activity_save(
                group=group, actor=staff_singburi, activity=None, data={"title": "x", "held_on": FOUNDED}
            ),
            lambda: services.criterion_add(group=group, actor=staff_singburi, name="x", max_score=5),
            lambda: services.join_request_submit(group=group, data=JOIN, token=uuid.uuid4()),
        ]
        for refusal in refusals:
            with pytest.raises(ValidationError):
                refusal()
        assert actions(group).count("group.closed") == 1

    def test_a_group_cannot_close_before_it_was_founded(self, group, staff_singburi):
        with pytest.raises(ValidationError):
            close(group, staff_singburi, on=FOUNDED - datetime.timedelta(days=1))
        group.refresh_from_db()
        assert group.is_active


class TestMembers:
    def test_add_and_change(self, group, named, staff_singburi):
        assert named.name_public and named.role == "chair"
        services.member_save(
            group=group, actor=staff_singburi, member=named, data={"role": "adviser", "left_on": FOUNDED}
        )
        named.refresh_from_db()
        assert (named.role, named.left_on) == ("adviser", FOUNDED)
        assert [e.action for e in AuditEvent.objects.filter(target_type="groups.groupmember")] == [
            "group.member_changed",
            "group.member_added",
        ]

    def test_consent_is_off_unless_given(self, group):
        member = GroupMember(group=group, name="x", term_starts_on=FOUNDED)
        assert member.name_public is False

    def test_refuses_another_offices_stakeholder_group_and_a_term_ending_first(self, group, chainat, staff_singburi):
        with pytest.raises(ValidationError):
            services.member_save(
                group=group,
                actor=staff_singburi,
                member=None,
                data=member_data(stakeholder_group=StakeholderGroupFactory(office=chainat)),
            )
        with pytest.raises(ValidationError):
            services.member_save(
                group=group,
                actor=staff_singburi,
                member=None,
                data=member_data(term_ends_on=FOUNDED - datetime.timedelta(days=1)),
            )
        assert not group.members.exists()


class TestJoinRequests:
    def test_submit_once_per_form(self, group):
        token = uuid.uuid4()
        first, created = services.join_request_submit(group=group, data=JOIN, token=token)
        again, created_again = services.join_request_submit(group=group, data=JOIN, token=token)
        assert (created, created_again, first.pk) == (True, False, again.pk)
        assert JoinRequest.objects.count() == 1

    def test_refused_when_the_group_takes_no_requests(self, singburi, staff_singburi):
        for group in [
            make_group(singburi, staff_singburi, name="ปิดรับ", join_open=False),
            make_group(singburi, staff_singburi, name="ภายใน", is_public=False),
        ]:
            with pytest.raises(ValidationError):
                services.join_request_submit(group=group, data=JOIN, token=uuid.uuid4())
        assert not JoinRequest.objects.exists()

    def test_accept_makes_a_member_with_the_consent_given(self, group, staff_singburi):
        request, _ = services.join_request_submit(group=group, data={**JOIN, "name_public": False}, token=uuid.uuid4())
        member = services.join_request_accept(request=request, actor=staff_singburi, role="secretary")
        request.refresh_from_db()
        assert (member.name, member.role, member.origin, member.name_public) == ("ผู้สมัคร", "secretary", "citizen", False)
        assert (request.status, request.member, request.decided_by) == ("accepted", member, staff_singburi)
        with pytest.raises(ValidationError):
            services.join_request_accept(request=request, actor=staff_singburi)
        with pytest.raises(ValidationError):
            services.join_request_decline(request=request, actor=staff_singburi, reason="x")
        assert "group.join_accepted" in actions(group)

    def test_decline(self, group, staff_singburi):
        request, _ = services.join_request_submit(group=group, data=JOIN, token=uuid.uuid4())
        services.join_request_decline(request=request, actor=staff_singburi, reason="เต็มแล้ว")
        request.refresh_from_db()
        assert (request.status, request.decline_reason) == ("declined", "เต็มแล้ว")
        with pytest.raises(ValidationError):
            services.join_request_accept(request=request, actor=staff_singburi)
        assert not group.members.exists()


class TestOrders:
    def test_an_order_lists_the_current_members_by_role(self, group, named, unnamed, staff_singburi):
        secretary = services.member_save(
            group=group, actor=staff_singburi, member=None, data=member_data(name="เลขา", role="secretary")
        )
        services.member_save(
            group=group, actor=staff_singburi, member=None, data=member_data(name="ลาออก", left_on=FOUNDED)
        )
        order = services.order_issue(group=group, actor=staff_singburi, data=ORDER)
        assert [row["name"] for row in order.members] == [named.name, unnamed.name, secretary.name]
        assert order.status == AppointmentOrder.Status.CURRENT

    def test_a_new_order_supersedes_the_old_and_both_are_kept(self, group, named, staff_singburi):
        first = services.order_issue(group=group, actor=staff_singburi, data=ORDER)
        services.member_save(group=group, actor=staff_singburi, member=named, data={"role": "adviser"})
        second = services.order_issue(group=group, actor=staff_singburi, data={**ORDER, "number": "8/2568"})
        first.refresh_from_db()
        assert (first.status, first.superseded_by, first.members[0]["role"]) == ("superseded", second, "chair")
        assert (second.status, second.members[0]["role"]) == ("current", "adviser")
        assert AuditEvent.objects.about(second).get().data["superseded"] == [first.pk]

    def test_refused_without_members(self, group, staff_singburi):
        with pytest.raises(ValidationError):
            services.order_issue(group=group, actor=staff_singburi, data=ORDER)
        assert not AppointmentOrder.objects.exists()


class TestActivities:
    def test_record_and_link_one_of_the_offices_meetings(self, group, singburi, staff_singburi):
        meeting = MeetingFactory(office=singburi)
        activity = services.activity_save(
            group=group,
            actor=staff_singburi,
            activity=None,
            data={"kind": "meeting", "title": "ประชุม", "held_on": FOUNDED, "meeting_id": meeting.pk},
        )
        assert activity.meeting_id == meeting.pk
        services.activity_save(group=group, actor=staff_singburi, activity=activity, data={"meeting_id": None})
        activity.refresh_from_db()
        assert activity.meeting_id is None

    def test_refuses_another_offices_meeting_and_a_day_before_founding(self, group, chainat, staff_singburi):
        other = MeetingFactory(office=chainat)
        for data in [
            {"title": "x", "held_on": FOUNDED, "meeting_id": other.pk},
            {"title": "x", "held_on": FOUNDED - datetime.timedelta(days=1)},
        ]:
            with pytest.raises(ValidationError):
                services.activity_save(group=group, actor=staff_singburi, activity=None, data=data)
        assert not group.activities.exists()


class TestEvaluation:
    def test_criteria_scores_and_refusals(self, group, named, unnamed, staff_singburi):
        criterion = services.criterion_add(group=group, actor=staff_singburi, name="ร่วมกิจกรรม", max_score=10)
        with pytest.raises(ValidationError):
            services.criterion_add(group=group, actor=staff_singburi, name="ร่วมกิจกรรม", max_score=5)
        rows = [(named, criterion, 9), (unnamed, criterion, 4)]
        assert services.scores_set(group=group, actor=staff_singburi, fiscal_year=2568, rows=rows) == 2
        with pytest.raises(ValidationError):
            services.scores_set(group=group, actor=staff_singburi, fiscal_year=2568, rows=[(named, criterion, 11)])
        services.scores_set(group=group, actor=staff_singburi, fiscal_year=2568, rows=[(unnamed, criterion, None)])
        assert dict(Score.objects.values_list("member__name", "score")) == {named.name: 9}

    def test_scores_outside_the_group_are_refused(self, group, named, singburi, staff_singburi):
        other_group = make_group(singburi, staff_singburi, name="อีกคณะ")
        outsider = services.member_save(group=other_group, actor=staff_singburi, member=None, data=member_data())
        criterion = services.criterion_add(group=group, actor=staff_singburi, name="ก", max_score=10)
        with pytest.raises(ValidationError):
            services.scores_set(group=group, actor=staff_singburi, fiscal_year=2568, rows=[(outsider, criterion, 1)])
        assert not Score.objects.exists()

    def test_an_award_goes_to_a_member_of_the_group_only(self, group, named, singburi, staff_singburi):
        data = {
            "title": "ดีเด่น",
            "citation": "ทำดี",
            "fiscal_year": 2568,
            "awarded_on": FOUNDED,
            "signer_name": "ก",
            "signer_position": "ข",
        }
        award = services.award_create(group=group, actor=staff_singburi, member=named, data=data)
        assert actions(award) == ["group.award_given"]
        other_group = make_group(singburi, staff_singburi, name="อีกคณะ")
        outsider = services.member_save(group=other_group, actor=staff_singburi, member=None, data=member_data())
        with pytest.raises(ValidationError):
            services.award_create(group=group, actor=staff_singburi, member=outsider, data=data)
