"""Records of every kind in public and non-public states, for the open data tests."""

import datetime
import uuid

import pytest
from django.utils import timezone

from announcements.models import Announcement
from participation.cycle import services as cycle_services
from participation.cycle.models import EvidenceLink, YearSummary
from participation.feedback.models import Feedback
from participation.groups import services as group_services
from participation.meetings.models import Attendee, FollowUpAction, Registration
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
from tests.helpers import FY
from tests.surveys.helpers import answer, close_and_publish, make_survey

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
    "ร่างการรับฟังลับ",  # a hearing still in draft
    "commenter@example.org",  # a commenter's e-mail address
    "ความเห็นรอตรวจลับ",  # comments: awaiting moderation, not published, and published (counted, never quoted)
    "ความเห็นไม่เผยแพร่ลับ",
    "ความเห็นที่เผยแพร่แล้ว",
    "ประเด็นก่อนรายงานลับ",  # a theme and response of a hearing whose report is not published
    "คำชี้แจงก่อนรายงานลับ",
    "แบบสำรวจร่างลับ",  # a survey still in draft
    "คำตอบข้อความลับ",  # a free-text answer to a survey, even one whose results are published
    "สรุปผลสำรวจยังไม่เผยแพร่",  # what an office learned from a survey whose results are not published
    "คณะทำงานภายในลับ",  # an internal working group
    "นางสาวลับ ไม่เปิดเผย",  # a member who did not agree to be named
    "member@example.org",  # members' contact details
    "0898765432",
    "กิจกรรมภายในลับ",  # an internal activity
    "ผู้สมัครลับ",  # a request to join
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
    FollowUpAction.objects.create(
        meeting=meeting, office=singburi, description="ปรับปรุงถนน", status="done", result="ซ่อมแล้ว"
    )
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

    hearings = participation_records(singburi, group)

    closed = OfficeFactory(slug="closedoffice", is_active=False)
    AnnouncementFactory(office=closed, published=True, subject="ข่าวหน่วยงานที่ปิด")
    make_group(closed, None, name="คณะทำงานหน่วยงานที่ปิด")
    make_hearing(closed, None, status="reported", title="การรับฟังหน่วยงานที่ปิด")
    return {
        "published": published,
        "withdrawn": withdrawn,
        "meeting": meeting,
        "group": group,
        "plan": plan,
        **hearings,
    }


def participation_records(office, group) -> dict:
    """Hearings, surveys and working groups of the office in every state."""
    reported = make_hearing(office, None, status="reported", title="การรับฟังที่รายงานแล้ว")
    reported.comments.create(body="ความเห็นที่เผยแพร่แล้ว", status="published", group=group, email="commenter@example.org")
    reported.comments.create(body="ความเห็นที่เผยแพร่แล้ว", status="published", group=group)
    reported.comments.create(body="ความเห็นที่เผยแพร่แล้ว", status="published")
    reported.comments.create(body="ความเห็นรอตรวจลับ", status="pending", group=group)
    reported.comments.create(body="ความเห็นไม่เผยแพร่ลับ", status="rejected", group=group)
    reported.themes.create(title="โรงเรียนขนาดเล็ก", summary="ไม่อยากให้ควบรวม", response="จะทบทวนเกณฑ์")
    closed_hearing = make_hearing(office, None, status="closed", title="การรับฟังที่ปิดแล้ว")
    closed_hearing.themes.create(title="ประเด็นก่อนรายงานลับ", response="คำชี้แจงก่อนรายงานลับ")
    type(closed_hearing).objects.filter(pk=closed_hearing.pk).update(report_summary="คำชี้แจงก่อนรายงานลับ")
    make_hearing(office, None, status="draft", title="ร่างการรับฟังลับ")

    published_survey = make_survey(office, title="แบบสำรวจที่เผยแพร่ผล")
    answer(published_survey, rating=4, single=1, multiple=(1, 2), text="คำตอบข้อความลับ", group=group)
    answer(published_survey, rating=2, single=2, multiple=(2,), text="คำตอบข้อความลับ")
    published_survey = close_and_publish(published_survey, summary="ผู้ตอบพอใจปานกลาง")
    open_survey = make_survey(office, title="แบบสำรวจที่เปิดอยู่")
    answer(open_survey, rating=5, text="คำตอบข้อความลับ")
    type(open_survey).objects.filter(pk=open_survey.pk).update(results_summary="สรุปผลสำรวจยังไม่เผยแพร่")
    make_survey(office, title="แบบสำรวจร่างลับ", opened=False)

    working = make_group(office, None, name="คณะทำงานที่เปิดเผย", stakeholder_groups=[group])
    named = member_data(email="member@example.org", phone="0898765432")
    group_services.member_save(group=working, actor=None, member=None, data=named)
    unnamed = member_data(name="นางสาวลับ ไม่เปิดเผย", role="member", name_public=False, phone="0898765432")
    group_services.member_save(group=working, actor=None, member=None, data=unnamed)
    for title, public in (("อบรมสมาชิก", True), ("กิจกรรมภายในลับ", False)):
        activity = {"kind": "training", "title": title, "held_on": working.founded_on, "is_public": public}
        group_services.activity_save(group=working, actor=None, activity=None, data={"participants": 12, **activity})
    group_services.join_request_submit(
        group=working,
        data={"name": "ผู้สมัครลับ", "email": "member@example.org", "motivation": "อยากช่วยงาน", "name_public": True},
        token=uuid.uuid4(),
    )
    make_group(office, None, name="คณะทำงานภายในลับ", is_public=False)
    return {"hearing": reported, "survey": published_survey, "working_group": working}
