"""Records of every kind in public and non-public states, for the open data tests."""

import datetime

import pytest
from django.utils import timezone

from announcements.models import Announcement
from participation.cycle import services as cycle_services
from participation.cycle.models import EvidenceLink, YearSummary
from participation.feedback.models import Feedback
from participation.meetings.models import Attendee, FollowUpAction, Registration
from tests.factories import (
    AnnouncementFactory,
    AttendanceFactory,
    FeedbackFactory,
    MeetingFactory,
    OfficeFactory,
    StakeholderGroupFactory,
)
from tests.helpers import FY

# Text that is on records, or parts of records, the public may not see: none may leave in any answer.
SECRETS = [
    "ร่างประกาศลับ",  # a draft
    "ประกาศล่วงหน้า",  # scheduled for later
    "ประชุมภายในลับ",  # an internal meeting
    "นายผู้เข้าร่วม ชื่อจริง",  # a named attendee
    "registrant@example.org",  # a meeting registration
    "ผู้ลงทะเบียน ลับ",
    "แจ้งเบาะแสทุจริตลับ",  # a report of misconduct (even answered "publicly")
    "คำตอบเรื่องทุจริต",
    "ข้อความส่วนตัวของผู้ส่ง",  # the message of published feedback
    "sender@example.org",  # the sender's contact details
    "0812345678",
    "นายผู้ส่ง ความเห็น",
    "คำตอบภายในเท่านั้น",  # an answer not published
    "สแปมโฆษณา",  # spam
    "สรุปผลร่างที่ยังไม่อนุมัติ",  # a summary not approved
    "ลิงก์ภายในเท่านั้น",  # an internal evidence link
    "ข่าวหน่วยงานที่ปิด",  # an inactive office's news
]


@pytest.fixture
def records(singburi):
    """Sing Buri's records in every state, and a closed office's published news."""
    now = timezone.now()
    group = singburi.stakeholder_groups.first() or StakeholderGroupFactory(office=singburi)
    published = AnnouncementFactory(office=singburi, published=True, subject="ข่าวที่เผยแพร่", channels=["website"])
    published.target_groups.add(group)
    AnnouncementFactory(office=singburi, subject="ร่างประกาศลับ")
    AnnouncementFactory(
        office=singburi,
        subject="ประกาศล่วงหน้า",
        status=Announcement.Status.SCHEDULED,
        published_at=now + datetime.timedelta(days=3),
    )
    withdrawn = AnnouncementFactory(office=singburi, published=True, subject="ข่าวที่ถอน")
    withdrawn.status, withdrawn.withdrawn_at, withdrawn.withdrawal_reason = "withdrawn", now, "ข้อมูลผิด"
    withdrawn.save()

    held_on = now - datetime.timedelta(days=5)
    meeting = MeetingFactory(office=singburi, title="สัมมนาเปิด", status="held", starts_at=held_on)
    AttendanceFactory(meeting=meeting, group=group, invited=20, attended=15)
    FollowUpAction.objects.create(meeting=meeting, description="ปรับปรุงถนน", status="done", result="ซ่อมแล้ว")
    Attendee.objects.create(meeting=meeting, group=group, name="นายผู้เข้าร่วม ชื่อจริง")
    Registration.objects.create(meeting=meeting, name="ผู้ลงทะเบียน ลับ", email="registrant@example.org")
    MeetingFactory(office=singburi, title="ประชุมภายในลับ", is_public=False)

    answered = {"status": Feedback.Status.ANSWERED, "answered_at": now, "answer_public": True}
    FeedbackFactory(
        office=singburi,
        subject="ขอไฟถนน",
        message="ข้อความส่วนตัวของผู้ส่ง",
        name="นายผู้ส่ง ความเห็น",
        email="sender@example.org",
        phone="0812345678",
        answer="ติดตั้งไฟแล้ว",
        **answered,
    )
    report = {"kind": "misconduct", "subject": "แจ้งเบาะแสทุจริตลับ", "answer": "คำตอบเรื่องทุจริต"}
    FeedbackFactory(office=singburi, **report, **answered)
    private = {**answered, "answer_public": False}
    FeedbackFactory(office=singburi, subject="เรื่องที่ตอบภายใน", answer="คำตอบภายในเท่านั้น", **private)
    FeedbackFactory(office=singburi, subject="สแปมโฆษณา", status=Feedback.Status.SPAM)

    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=None)
    EvidenceLink.objects.create(plan=plan, step="publish", title="ลิงก์สาธารณะ", url="https://example.org/public")
    EvidenceLink.objects.create(
        plan=plan, step="publish", title="ลิงก์ภายในเท่านั้น", url="https://example.org/internal", is_public=False
    )
    YearSummary.objects.filter(plan=plan).update(analysis="สรุปผลร่างที่ยังไม่อนุมัติ")
    earlier = cycle_services.plan_create(office=singburi, fiscal_year=FY - 1, actor=None)
    YearSummary.objects.filter(plan=earlier).update(
        status=YearSummary.Status.APPROVED,
        analysis="สรุปผลปีที่แล้ว",
        approver_name="ผู้อำนวยการ",
        approved_at=now,
        version=1,
    )

    closed = OfficeFactory(slug="closedoffice", is_active=False)
    AnnouncementFactory(office=closed, published=True, subject="ข่าวหน่วยงานที่ปิด")
    return {"published": published, "withdrawn": withdrawn, "meeting": meeting, "group": group, "plan": plan}
