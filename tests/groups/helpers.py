"""Working groups for the tests: a public one that takes requests, with a member of each kind of
consent, a pending request, an order, an activity and an award; an internal one; another office's."""

import datetime

from django.utils import timezone

from participation.groups import services
from participation.groups.models import GroupMember

FOUNDED = datetime.date(2024, 10, 15)  # in fiscal year 2568


def group_data(**data) -> dict:
    return {
        "kind": "citizen",
        "name": "คณะทำงานภาคประชาชน",
        "purpose": "ร่วมวางแผนและติดตามงาน",
        "participation_level": "involve",
        "principles": ["participation", "transparency"],
        "founded_on": FOUNDED,
        "practices": ["ประชุมทุกเดือน", "รายงานผลต่อชุมชน"],
        "is_public": True,
        "join_open": True,
        **data,
    }


def member_data(**data) -> dict:
    return {
        "name": "นายเปิดเผย ชื่อจริง",
        "position": "ผู้แทนชุมชน",
        "role": GroupMember.Role.CHAIR,
        "term_starts_on": FOUNDED,
        "name_public": True,
        **data,
    }


def make_group(office, actor, *, stakeholder_groups=(), **data):
    return services.group_create(
        office=office, actor=actor, data=group_data(**data), stakeholder_groups=stakeholder_groups
    )


def make_groups(singburi, chainat, staff_singburi, staff_other_office) -> dict:
    """The groups of the permission matrix; ids by name."""
    group = make_group(singburi, staff_singburi, stakeholder_groups=singburi.stakeholder_groups.all())
    named = services.member_save(group=group, actor=staff_singburi, member=None, data=member_data())
    services.member_save(
        group=group,
        actor=staff_singburi,
        member=None,
        data=member_data(name="นางสาวลับ ไม่เปิดเผย", role=GroupMember.Role.MEMBER, name_public=False),
    )
    request, _ = services.join_request_submit(
        group=group,
        data={"name": "ผู้สมัคร", "email": "join@example.org", "motivation": "อยากช่วยงาน", "name_public": False},
        token="6f1d3c1e-1111-4a4a-9b9b-000000000001",
    )
    order = services.order_issue(
        group=group,
        actor=staff_singburi,
        data={
            "number": "12/2568",
            "subject": "แต่งตั้งคณะทำงาน",
            "body": "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย",
            "issued_on": FOUNDED,
            "signer_name": "ดร.ผู้ลงนาม",
            "signer_position": "ผู้อำนวยการ",
        },
    )
    activity = services.activity_save(
        group=group,
        actor=staff_singburi,
        activity=None,
        data={"kind": "training", "title": "อบรมสมาชิก", "held_on": FOUNDED, "participants": 12, "is_public": True},
    )
    award = services.award_create(
        group=group,
        actor=staff_singburi,
        member=named,
        data={
            "title": "สมาชิกดีเด่น",
            "citation": "ร่วมกิจกรรมสม่ำเสมอ",
            "fiscal_year": 2568,
            "awarded_on": timezone.localdate(),
            "signer_name": "ดร.ผู้ลงนาม",
            "signer_position": "ผู้อำนวยการ",
        },
    )
    internal = make_group(singburi, staff_singburi, name="คณะทำงานภายใน", is_public=False)
    other = make_group(chainat, staff_other_office, name="คณะทำงานชัยนาท")
    return {
        "grp": group.pk,
        "grp_member": named.pk,
        "grp_request": request.pk,
        "grp_order": order.pk,
        "grp_activity": activity.pk,
        "grp_award": award.pk,
        "grp_internal": internal.pk,
        "other_grp": other.pk,
    }
