"""The workspace dashboard: what needs each person's attention in the offices they work for, as counts
that link to the lists showing the same records."""

import datetime
import re

import pytest
from django.utils import timezone

from participation.cycle import services as cycle_services
from participation.cycle.models import YearSummary
from participation.feedback.models import Feedback
from participation.hearings.models import HearingComment
from participation.surveys.models import Survey
from tests.cycle.helpers import summary_text
from tests.factories import AttendanceFactory, FeedbackFactory, MeetingFactory, MembershipFactory
from tests.hearings.helpers import comment, make_hearing
from tests.helpers import FY, count_queries

pytestmark = pytest.mark.django_db


def attention(html: str) -> dict[str, tuple[int, str]]:
    """The dashboard's attention lines: key → (count, link)."""
    found = re.findall(r'data-attention="([a-z_]+)"><a href="([^"]+)"><span[^>]*>(\d+)</span>', html)
    return {key: (int(count), url.replace("&amp;", "&")) for key, url, count in found}


def dashboard(client, user, language="/en") -> str:
    client.force_login(user)
    response = client.get(f"{language}/manage/")
    assert response.status_code == 200
    return response.content.decode()


def submitted_summary(office, staff):
    plan = cycle_services.plan_create(office=office, fiscal_year=FY, actor=staff)
    cycle_services.summary_save(summary=plan.summary, actor=staff, data=summary_text())
    cycle_services.summary_submit(summary=plan.summary, actor=staff)
    return plan.summary


def listed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


class TestSummaries:
    def test_a_director_is_told_a_summary_awaits_the_decision(
        self, client, singburi, staff_singburi, director_singburi
    ):
        submitted_summary(singburi, staff_singburi)
        html = dashboard(client, director_singburi)
        count, url = attention(html)["summaries_waiting"]
        assert count == 1 and url == "/en/manage/singburi/approvals/"
        assert ">1</span>yearly summary awaits your decision</a>" in html
        assert f"Fiscal year {FY}" in listed(client, url)  # the approval page lists it

    def test_staff_are_not_asked_to_decide_but_hear_of_a_return(
        self, client, singburi, staff_singburi, director_singburi
    ):
        summary = submitted_summary(singburi, staff_singburi)
        assert "summaries_waiting" not in attention(dashboard(client, staff_singburi))
        cycle_services.summary_return(summary=summary, actor=director_singburi, comment="เพิ่มตัวเลขผู้เข้าร่วม")
        count, url = attention(dashboard(client, staff_singburi))["summaries_returned"]
        assert count == 1 and url == "/en/manage/singburi/plans/"
        assert str(YearSummary.Status.RETURNED.label) in listed(client, url)
        assert "summaries_waiting" not in attention(dashboard(client, director_singburi))

    def test_a_site_administrator_decides_nothing(self, client, singburi, staff_singburi, site_admin):
        submitted_summary(singburi, staff_singburi)
        html = dashboard(client, site_admin)
        assert "summaries_waiting" not in attention(html)


class TestFeedback:
    def test_counts_link_to_the_same_items(self, client, singburi, chainat, staff_singburi, staff_other_office):
        today = timezone.localdate()
        late = FeedbackFactory(office=singburi, subject="เลยกำหนดแล้ว", due_on=today - datetime.timedelta(days=2))
        nobodys = FeedbackFactory(office=singburi, subject="ยังไม่มีผู้รับผิดชอบ")
        mine = FeedbackFactory(office=singburi, subject="ของฉันเอง", assigned_to=staff_singburi)
        answered = FeedbackFactory(office=singburi, subject="ตอบแล้ว", status=Feedback.Status.ANSWERED)
        FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT, subject="แจ้งทุจริต")
        FeedbackFactory(office=chainat, due_on=today - datetime.timedelta(days=9))  # another office's
        found = attention(dashboard(client, staff_singburi))
        assert found["feedback_overdue"][0] == 1
        assert found["feedback_unassigned"][0] == 2  # the late one and nobody's; never the report of misconduct
        assert found["feedback_mine"][0] == 1
        overdue = listed(client, found["feedback_overdue"][1])
        assert late.subject in overdue and nobodys.subject not in overdue
        unassigned = listed(client, found["feedback_unassigned"][1])
        assert late.subject in unassigned and nobodys.subject in unassigned
        assert mine.subject not in unassigned and answered.subject not in unassigned and "แจ้งทุจริต" not in unassigned
        own = listed(client, found["feedback_mine"][1])
        assert mine.subject in own and nobodys.subject not in own
        # The other office's person sees their own office only.
        assert set(attention(dashboard(client, staff_other_office))) == {"feedback_overdue", "feedback_unassigned"}

    def test_the_director_counts_reports_of_misconduct(self, client, singburi, director_singburi):
        FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT, subject="แจ้งทุจริต")
        count, url = attention(dashboard(client, director_singburi))["feedback_unassigned"]
        assert count == 1 and "แจ้งทุจริต" in listed(client, url)


class TestMeetingsHearingsSurveys:
    def test_meetings_held_without_attendance(self, client, singburi, staff_singburi):
        past = timezone.now() - datetime.timedelta(days=5)
        missing = MeetingFactory(office=singburi, title="ยังไม่บันทึกผู้เข้าร่วม", starts_at=past)
        invited_only = MeetingFactory(office=singburi, title="มีแต่จำนวนผู้ได้รับเชิญ", status="held", starts_at=past)
        AttendanceFactory(meeting=invited_only, attended=None)
        recorded = MeetingFactory(office=singburi, title="บันทึกครบแล้ว", status="held", starts_at=past)
        AttendanceFactory(meeting=recorded)
        MeetingFactory(office=singburi, title="ยกเลิกแล้ว", status="cancelled", starts_at=past)
        MeetingFactory(office=singburi, title="ยังไม่ถึงวัน")
        count, url = attention(dashboard(client, staff_singburi))["meetings_without_attendance"]
        assert count == 2
        html = listed(client, url)
        assert missing.title in html and invited_only.title in html
        assert all(title not in html for title in ["บันทึกครบแล้ว", "ยกเลิกแล้ว", "ยังไม่ถึงวัน"])

    def test_hearing_comments_awaiting_moderation(self, client, singburi, staff_singburi):
        waiting = make_hearing(singburi, staff_singburi, status="open", title="ร่างที่มีความเห็นรอ")
        comment(waiting, status=HearingComment.Status.PENDING)
        comment(waiting, status=HearingComment.Status.PENDING)
        quiet = make_hearing(singburi, staff_singburi, status="open", title="ร่างที่ไม่มีความเห็นรอ")
        comment(quiet, status=HearingComment.Status.PUBLISHED)
        count, url = attention(dashboard(client, staff_singburi))["comments_pending"]
        assert count == 2
        html = listed(client, url)
        assert waiting.title in html and quiet.title not in html

    def test_surveys_closing_soon(self, client, singburi, staff_singburi):
        now = timezone.now()

        def survey(title, closes_in):
            return Survey.objects.create(
                office=singburi,
                title=title,
                status=Survey.Status.OPEN,
                opens_at=now - datetime.timedelta(days=10),
                closes_at=now + closes_in if closes_in is not None else None,
            )

        soon = survey("ปิดในสามวัน", datetime.timedelta(days=3))
        survey("ปิดเดือนหน้า", datetime.timedelta(days=30))
        survey("ปิดเมื่อสั่งปิด", None)
        count, url = attention(dashboard(client, staff_singburi))["surveys_closing"]
        assert count == 1
        html = listed(client, url)
        assert soon.title in html and "ปิดเดือนหน้า" not in html and "ปิดเมื่อสั่งปิด" not in html


def test_nothing_waiting(client, singburi, staff_singburi):
    html = dashboard(client, staff_singburi)
    assert attention(html) == {} and "Nothing needs your attention right now." in html


def test_every_office_of_the_user(client, singburi, chainat, staff_singburi):
    MembershipFactory(user=staff_singburi, office=chainat)
    FeedbackFactory(office=chainat, subject="ของชัยนาท")
    FeedbackFactory(office=singburi, subject="ของสิงห์บุรี")
    html = dashboard(client, staff_singburi)
    assert "2 things need your attention." in html
    links = re.findall(r'data-attention="feedback_unassigned"><a href="([^"]+)"', html)
    assert sorted(links) == [
        "/en/manage/chainat/feedback/?status=open&amp;unassigned=on",
        "/en/manage/singburi/feedback/?status=open&amp;unassigned=on",
    ]


def test_queries_do_not_grow_with_the_records(client, singburi, chainat, staff_singburi, director_singburi):
    MembershipFactory(user=director_singburi, office=chainat)
    client.force_login(director_singburi)

    def grow(n):
        past = timezone.now() - datetime.timedelta(days=3)
        for office in (singburi, chainat):
            FeedbackFactory.create_batch(n, office=office, due_on=timezone.localdate() - datetime.timedelta(days=1))
            for _ in range(n):
                MeetingFactory(office=office, starts_at=past)
            hearing = make_hearing(office, director_singburi, status="open")
            for _ in range(n):
                comment(hearing, status=HearingComment.Status.PENDING)

    grow(2)
    small = count_queries(client, "/manage/")
    grow(6)
    submitted_summary(singburi, director_singburi)
    assert count_queries(client, "/manage/") == small
