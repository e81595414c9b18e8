"""A small corpus of two offices' records in every state, named, for the relevance and view tests."""

import datetime

import pytest
from django.utils import timezone

from announcements.models import Announcement
from participation.cycle.models import Plan, YearSummary
from participation.feedback.models import Feedback
from participation.meetings.models import FollowUpAction, Meeting
from participation.models import OfficeMembership
from participation.network.models import NetworkMember
from tests.factories import AnnouncementFactory, FeedbackFactory, MeetingFactory, MembershipFactory, UserFactory


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def corpus(singburi, chainat):
    """Records by name: key → (kind, pk)."""
    singburi.province, chainat.province = "สิงห์บุรี", "ชัยนาท"
    singburi.save(update_fields=["province"])
    chainat.save(update_fields=["province"])
    published = {"status": Announcement.Status.PUBLISHED}
    records = {}

    def announcement(key, office, days=1, **data):
        data = {**published, "published_at": days_ago(days), "announced_on": days_ago(days).date(), **data}
        records[key] = ("announcements", AnnouncementFactory(office=office, **data).pk)

    announcement(
        "plan",
        singburi,
        number="12/2568",
        subject="ประกาศแผนการมีส่วนร่วมด้านการศึกษา ปีงบประมาณ 2568",
        body="สำนักงานเชิญภาคีเครือข่ายร่วมรับฟังความคิดเห็นต่อ **แผนพัฒนาการศึกษา** ต่าง ๆ",
    )
    announcement(
        "hearing",
        singburi,
        days=3,
        subject="Public hearing on the education plan",
        summary="The office invites teachers and parents to the hearing.",
        body="Hearing held at the Sing Buri office meeting room.",
    )
    announcement(
        "thai_numerals",
        chainat,
        days=5,
        number="๓/๒๕๖๘",
        subject="ประกาศมาตรการส่งเสริมการมีส่วนร่วม",
        body="ลงวันที่ ๙ กันยายน ๒๕๖๘ ณ ห้องประชุมชัยนาท",
    )
    announcement(
        "zero_width",
        chainat,
        days=6,
        subject="ข่าวโครงการโรงเรียนสุจริต",
        body="กิจกรรมเสริมสร้างคุณธรรมสำหรับนักเรียน",
    )
    announcement(
        "wildcards",
        singburi,
        days=8,
        subject="ร้อยละ 100% ของโรงเรียนส่งรายงาน",
        body="อัตรา 50% ของครู_ผู้ช่วย ใช้ระบบ C:\\reports",
    )
    announcement("draft", singburi, status=Announcement.Status.DRAFT, published_at=None, subject="ร่างประกาศงบลับเฉพาะ")
    announcement(
        "withdrawn",
        singburi,
        status=Announcement.Status.WITHDRAWN,
        withdrawn_at=days_ago(1),
        subject="ประกาศที่ถอนแล้วเรื่องเครื่องแบบ",
    )
    announcement("other_draft", chainat, status=Announcement.Status.DRAFT, published_at=None, subject="ร่างของชัยนาทงบลับ")
    announcement(
        "scheduled",
        singburi,
        status=Announcement.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=3),
        subject="ประกาศล่วงหน้าเรื่องทุนการศึกษา",
    )
    # Body matches only, older and newer than a title match: the title match ranks first.
    announcement("body_only_new", singburi, days=0, subject="ข่าวกิจกรรม", body="มีการพูดถึงธรรมาภิบาลในที่ประชุม")
    announcement("title_old", singburi, days=30, subject="ธรรมาภิบาลในสถานศึกษา", body="เนื้อหาทั่วไป")

    def meeting(key, office, **data):
        records[key] = ("meetings", MeetingFactory(office=office, **data).pk)

    meeting(
        "seminar",
        singburi,
        title="สัมมนาภาคีเครือข่ายการศึกษาจังหวัดสิงห์บุรี",
        agenda="วาระที่ 1 รับทราบผลการดำเนินงาน ITA",
        minutes="ที่ประชุมเห็นชอบแนวทางการประเมินคุณธรรมและความโปร่งใส",
        outcomes="ตั้งคณะทำงานติดตามผล",
        starts_at=days_ago(10),
        ends_at=days_ago(10) + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )
    meeting("internal", singburi, title="ประชุมภายในเรื่องงบประมาณลับ", is_public=False)
    meeting("other_internal", chainat, title="ประชุมภายในชัยนาทงบประมาณลับ", is_public=False)
    meeting("pledge", chainat, title="Integrity pledge and MOU signing", kind=Meeting.Kind.PLEDGE)
    seminar = Meeting.objects.get(pk=records["seminar"][1])
    action = FollowUpAction.objects.create(
        meeting=seminar, description="จัดทำคู่มือการรับเรื่องร้องเรียน", result="เผยแพร่คู่มือแล้ว"
    )
    records["action"] = ("follow_up", action.pk)
    internal = Meeting.objects.get(pk=records["internal"][1])
    records["internal_action"] = (
        "follow_up",
        FollowUpAction.objects.create(meeting=internal, description="จัดซื้อครุภัณฑ์ลับ").pk,
    )

    def feedback(key, office, **data):
        records[key] = ("feedback", FeedbackFactory(office=office, **data).pk)

    answered = {"status": Feedback.Status.ANSWERED, "answered_at": timezone.now()}
    feedback(
        "answer",
        singburi,
        subject="ถนนหน้าโรงเรียนชำรุด",
        message="ขอให้ซ่อมถนนหน้าโรงเรียนบ้านหนองกระทุ่ม",
        answer="ประสานองค์การบริหารส่วนตำบลซ่อมแซมแล้ว",
        answer_public=True,
        **answered,
    )
    feedback(
        "private_answer",
        singburi,
        subject="เรื่องส่วนตัวของครูสมศรี",
        answer="ตอบเป็นการส่วนตัว",
        answer_public=False,
        **answered,
    )
    feedback(
        "misconduct",
        singburi,
        kind=Feedback.Kind.MISCONDUCT,
        subject="แจ้งเบาะแสทุจริตจัดซื้อ",
        answer="รับเรื่องแล้ว",
        answer_public=True,
        **answered,
    )
    feedback("open", singburi, subject="สอบถามเรื่องทุนเรียนดี")

    plan = Plan.objects.create(office=singburi, fiscal_year=2567)
    summary = YearSummary.objects.create(
        plan=plan,
        status=YearSummary.Status.APPROVED,
        analysis="ปีนี้จัดเวทีรับฟังความคิดเห็นครบทุกอำเภอ",
        lessons="ควรเพิ่มช่องทางออนไลน์",
        recommendations="ขยายเครือข่ายผู้ปกครอง",
        approved_at=timezone.now(),
    )
    records["summary"] = ("summaries", summary.pk)
    draft_plan = Plan.objects.create(office=singburi, fiscal_year=2568)
    records["summary_draft"] = (
        "summaries",
        YearSummary.objects.create(plan=draft_plan, analysis="ร่างสรุปยังไม่อนุมัติเรื่องวิทยากร").pk,
    )
    group = singburi.stakeholder_groups.first()
    records["member"] = (
        "network",
        NetworkMember.objects.create(
            office=singburi, group=group, name="นางสาวพิมพ์ใจ ใจดี", organisation="ชมรมผู้ปกครอง"
        ).pk,
    )
    records["office_singburi"] = ("offices", singburi.pk)
    records["office_chainat"] = ("offices", chainat.pk)
    return records


@pytest.fixture
def handler_singburi(singburi):
    """Staff of Sing Buri the director named to handle reports of misconduct."""
    return MembershipFactory(
        user=UserFactory(username="handler-singburi"),
        office=singburi,
        role=OfficeMembership.Role.STAFF,
        sees_misconduct=True,
    ).user
