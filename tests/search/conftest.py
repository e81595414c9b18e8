"""A small corpus of two offices' records in every state, named, for the relevance and view tests."""

import datetime

import pytest
from django.utils import timezone

from announcements.models import Announcement
from participation.cycle.models import Plan, YearSummary
from participation.feedback.models import Feedback
from participation.groups.models import GroupMember, WorkingGroup
from participation.hearings.models import Hearing, HearingComment
from participation.meetings.models import FollowUpAction, Meeting
from participation.models import OfficeMembership
from participation.network.models import NetworkMember
from participation.surveys.models import Survey
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
        meeting=seminar, office=seminar.office, description="จัดทำคู่มือการรับเรื่องร้องเรียน", result="เผยแพร่คู่มือแล้ว"
    )
    records["action"] = ("follow_up", action.pk)
    internal = Meeting.objects.get(pk=records["internal"][1])
    records["internal_action"] = (
        "follow_up",
        FollowUpAction.objects.create(meeting=internal, office=internal.office, description="จัดซื้อครุภัณฑ์ลับ").pk,
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
    add_hearings_surveys_groups(records, singburi, chainat)
    records["office_singburi"] = ("offices", singburi.pk)
    records["office_chainat"] = ("offices", chainat.pk)
    return records


def add_hearings_surveys_groups(records, singburi, chainat):
    """Hearings, surveys and working groups in every state, of both offices."""

    def hearing(key, office, status=Hearing.Status.OPEN, days=2, **data):
        data = {"purpose": "เพื่อรับฟังความคิดเห็นของผู้มีส่วนได้ส่วนเสีย", **data}
        opens_at = days_ago(days)
        record = Hearing.objects.create(
            office=office, status=status, opens_at=opens_at, closes_at=opens_at + datetime.timedelta(days=15), **data
        )
        records[key] = ("hearings", record.pk)
        return record

    opened = hearing(
        "hearing_open",
        singburi,
        title="ร่างแผนพัฒนาคุณภาพผู้เรียนระดับปฐมวัย",
        draft="## หมวด 1\nส่งเสริมการอ่านออกเขียนได้",
        report_summary="สรุปรายงานที่ยังไม่เผยแพร่เรื่องสระว่ายน้ำ",
        revised_draft="ร่างแก้ไขที่ยังไม่เผยแพร่เรื่องรถโรงเรียน",
    )
    hearing("hearing_draft", singburi, status=Hearing.Status.DRAFT, title="ร่างระเบียบค่าธรรมเนียมหอพักลับ")
    hearing("other_hearing_draft", chainat, status=Hearing.Status.DRAFT, title="ร่างชัยนาทค่าธรรมเนียมหอพักลับ")
    hearing("other_hearing", chainat, status=Hearing.Status.CLOSED, days=40, title="ร่างแผนอนุรักษ์ผ้าทอชัยนาท")

    def comment(key, on, status, body, **data):
        record = HearingComment.objects.create(hearing=on, status=status, body=body, **data)
        records[key] = ("hearing_comments", record.pk)

    published = HearingComment.Status.PUBLISHED
    comment("comment", opened, published, "ควรเพิ่มชั่วโมงเรียนดนตรีไทย", name="ครูมานี", email="manee@example.com")
    comment("comment_pending", opened, HearingComment.Status.PENDING, "ข้อเสนอที่รอตรวจเรื่องรถรับส่งนักเรียน")
    comment("comment_rejected", opened, HearingComment.Status.REJECTED, "ข้อความหยาบคายไม่เหมาะสม")
    draft = Hearing.objects.get(pk=records["hearing_draft"][1])
    comment("comment_on_draft", draft, published, "ความเห็นบนร่างที่ยังไม่เปิดเรื่องหอพัก")

    def survey(key, office, status, **data):
        record = Survey.objects.create(office=office, status=status, **data)
        records[key] = ("surveys", record.pk)
        return record

    survey(
        "survey_open",
        singburi,
        Survey.Status.OPEN,
        opens_at=days_ago(3),
        title="แบบสำรวจความพึงพอใจต่อการให้บริการงานทะเบียน",
        description="ใช้เวลาตอบประมาณห้านาที",
    )
    survey("survey_draft", singburi, Survey.Status.DRAFT, title="แบบสำรวจร่างเรื่องค่าตอบแทนลับ")
    survey("other_survey_draft", chainat, Survey.Status.DRAFT, title="แบบสำรวจชัยนาทเรื่องค่าตอบแทนลับ")
    closed = survey(
        "survey_closed",
        singburi,
        Survey.Status.CLOSED,
        opens_at=days_ago(20),
        title="แบบสำรวจการใช้ห้องสมุด",
        results_summary="ผลที่ยังไม่เผยแพร่เรื่องห้องน้ำนักเรียน",
    )
    records["results_unpublished"] = ("survey_results", closed.pk)
    done = survey(
        "survey_published",
        chainat,
        Survey.Status.PUBLISHED,
        opens_at=days_ago(60),
        results_published_at=days_ago(30),
        title="แบบสำรวจความต้องการอาหารกลางวัน",
        results_summary="ผู้ปกครองพอใจระบบรับสมัครออนไลน์",
    )
    records["results"] = ("survey_results", done.pk)

    def group(key, office, **data):
        data = {"purpose": "ส่งเสริมการมีส่วนร่วมของเยาวชน", "founded_on": days_ago(100).date(), **data}
        record = WorkingGroup.objects.create(office=office, **data)
        records[key] = ("groups", record.pk)
        return record

    youth = group("group_public", singburi, name="คณะทำงานเยาวชนสุจริตสิงห์บุรี")
    hidden = group("group_private", singburi, name="กลุ่มภายในตรวจสอบพัสดุ", is_public=False)
    group("other_group", chainat, name="คณะกรรมการเครือข่ายผ้าทอชัยนาท", purpose="ดูแลภูมิปัญญาท้องถิ่น")

    def member(key, of, name, **data):
        data = {"term_starts_on": days_ago(90).date(), "position": "ผู้แทนผู้ปกครอง", **data}
        records[key] = ("group_members", GroupMember.objects.create(group=of, name=name, **data).pk)

    member(
        "member_named",
        youth,
        "นายสมชาย รักถิ่นเกิด",
        position="ประธานชมรมศิษย์เก่า",
        name_public=True,
        email="somchai@example.com",
        phone="0812345678",
    )
    member("member_unnamed", youth, "นางวิไลวรรณ ไม่ประสงค์ออกนาม", name_public=False)
    member("member_of_private", hidden, "นายประยงค์ กลุ่มภายใน", name_public=True)
    member("member_left", youth, "นางสาวลาออก แล้วนะ", name_public=True, left_on=days_ago(5).date())


@pytest.fixture
def handler_singburi(singburi):
    """Staff of Sing Buri the director named to handle reports of misconduct."""
    return MembershipFactory(
        user=UserFactory(username="handler-singburi"),
        office=singburi,
        role=OfficeMembership.Role.STAFF,
        sees_misconduct=True,
    ).user
