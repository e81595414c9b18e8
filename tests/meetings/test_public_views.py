"""The public meeting pages: the list, a meeting with its chart, calendar files, registration."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from participation.meetings import services
from participation.meetings.models import Registration
from tests.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


class TestPublicPages:
    def test_list_splits_upcoming_and_past_and_hides_internal(self, client, singburi):
        MeetingFactory(office=singburi, title="กำลังจะมาถึง")
        MeetingFactory(
            office=singburi, title="จัดไปแล้ว", status="held", starts_at=timezone.now() - datetime.timedelta(days=30)
        )
        MeetingFactory(office=singburi, title="ประชุมภายใน", is_public=False)
        html = client.get("/singburi/meetings/").content.decode()
        assert "กำลังจะมาถึง" in html and "จัดไปแล้ว" in html and "ประชุมภายใน" not in html
        assert html.index("กำลังจะมาถึง") < html.index("จัดไปแล้ว")

    def test_detail_shows_objectives_chart_and_counts_only(self, client, singburi):
        meeting = MeetingFactory(office=singburi, objectives=["ข้อแรก", "ข้อสอง"], status="held")
        AttendanceFactory(meeting=meeting, invited=60, attended=55)
        AttendanceFactory(meeting=meeting, invited=50, attended=48)
        meeting.attendees.create(group=meeting.attendance.first().group, name="นายลับเฉพาะ")
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "ข้อแรก" in html and "ข้อสอง" in html
        assert "<svg" in html and ">103<" in html
        assert "นายลับเฉพาะ" not in html

    def test_upcoming_meeting_shows_registration_not_an_empty_attendance_table(self, client, singburi):
        """Before it takes place a meeting holds only the numbers invited: no attendance chart, the
        groups invited named instead, and the registration form reachable from the facts."""
        meeting = MeetingFactory(office=singburi, registration_open=True)
        AttendanceFactory(meeting=meeting, group__name="ครูและบุคลากร", invited=60, attended=None)
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "attendance-chart" not in html and "<svg" not in html
        assert 'id="register"' in html and 'href="#register"' in html
        assert "ครูและบุคลากร" in html

    def test_attendance_chart_once_the_meeting_is_over_or_recorded(self, client, singburi):
        past = timezone.now() - datetime.timedelta(days=2)
        over = MeetingFactory(office=singburi, starts_at=past)  # still "planned", but over
        AttendanceFactory(meeting=over, invited=60, attended=None)
        recorded = MeetingFactory(office=singburi)  # to come, yet someone recorded who came
        AttendanceFactory(meeting=recorded, invited=40, attended=12)
        cancelled = MeetingFactory(office=singburi, status="cancelled", cancel_reason="เลื่อน", starts_at=past)
        AttendanceFactory(meeting=cancelled, group__name="ผู้ปกครองนักเรียน", invited=60, attended=None)
        assert "attendance-chart" in client.get(over.get_absolute_url()).content.decode()
        assert "attendance-chart" in client.get(recorded.get_absolute_url()).content.decode()
        html = client.get(cancelled.get_absolute_url()).content.decode()
        assert "attendance-chart" not in html and "ผู้ปกครองนักเรียน" not in html

    def test_multi_day_meeting(self, client, singburi):
        start = timezone.now() + datetime.timedelta(days=10)
        meeting = MeetingFactory(office=singburi, starts_at=start, ends_at=start + datetime.timedelta(days=3))
        assert meeting.is_multi_day
        assert client.get(meeting.get_absolute_url()).status_code == 200

    def test_calendar_feed_is_valid_and_public_only(self, client, singburi):
        public = MeetingFactory(office=singburi, title="ประชุมสาธารณะ")
        MeetingFactory(office=singburi, title="ประชุมภายใน", is_public=False)
        response = client.get("/singburi/meetings.ics")
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = list(calendar.walk("VEVENT"))
        assert [str(event["SUMMARY"]) for event in events] == ["ประชุมสาธารณะ"]
        event = events[0]
        assert event.decoded("DTSTART") == public.starts_at.replace(microsecond=0)
        assert event.decoded("DTEND") == public.ends_at.replace(microsecond=0)
        assert str(event["UID"]).startswith(str(public.uid))

    def test_calendar_lines_are_folded_between_characters(self, client, singburi):
        """Long Thai text is folded at 75 octets (RFC 5545) without cutting a character or an escape
        in two, and reads back whole; the same bytes icalendar's own folding gives."""
        objectives = ["ทบทวนแผนการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย, ประจำปี; และรับฟังความคิดเห็น\\ทุกภาคส่วน" * 3, "x" * 200]
        meeting = MeetingFactory(office=singburi, title="ประชุม" * 30, objectives=objectives, venue="ห้อง,ประชุม;ใหญ่")
        content = client.get("/singburi/meetings.ics").content
        lines = content.split(b"\r\n")
        assert max(len(line) for line in lines) <= 75
        assert all(line.decode() for line in lines if line)  # every physical line is whole UTF-8
        assert content == Calendar.from_ical(content).to_ical()
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == meeting.title
        assert str(event["LOCATION"]) == "ห้อง,ประชุม;ใหญ่"
        assert str(event["DESCRIPTION"]).startswith(f"1. {objectives[0]}\n2. {objectives[1]}")

    def test_every_property_reads_back_as_icalendar_writes_it(self, client, singburi):
        """The feed writes its events' lines itself: with an organizer, an online meeting, a place and a
        cancelled one, they are the bytes icalendar writes for the calendar it reads from them."""
        singburi.email = "contact@singburi.example.org"
        singburi.save()
        MeetingFactory(office=singburi, online_url="https://meet.example.org/a,b;c", venue="ห้อง 1", address="ถนน;2")
        MeetingFactory(office=singburi, status="cancelled", cancel_reason="เลื่อน", venue="", address="")
        content = client.get("/singburi/meetings.ics").content
        calendar = Calendar.from_ical(content)
        assert content == calendar.to_ical()
        cancelled, online = sorted(calendar.walk("VEVENT"), key=lambda event: str(event["STATUS"]))
        assert str(online["LOCATION"]) == "ห้อง 1, ถนน;2" and "https://meet.example.org/a,b;c" in online["DESCRIPTION"]
        assert str(online["ORGANIZER"]) == "mailto:contact@singburi.example.org"
        assert str(cancelled["STATUS"]) == "CANCELLED" and "LOCATION" not in cancelled

    def test_add_to_calendar_file(self, client, singburi):
        meeting = MeetingFactory(office=singburi, status="cancelled", cancel_reason="เลื่อน")
        response = client.get(f"/singburi/meetings/{meeting.pk}/calendar.ics")
        assert response["Content-Disposition"].startswith("attachment;")
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(event["STATUS"]) == "CANCELLED"

    def test_register_sends_a_confirmation_through_the_queue(
        self, client, singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=2)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                meeting.get_absolute_url(),
                {"name": "สมชาย ใจดี", "email": "somchai@example.org", "phone": "0812345678"},
            )
        assert response.status_code == 302
        assert Registration.objects.filter(meeting=meeting, email="somchai@example.org").exists()
        assert mail.outbox == []  # nothing sent inside the request
        run_tasks()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["somchai@example.org"]
        assert meeting.title in mail.outbox[0].subject
        assert "สมชาย ใจดี" in mail.outbox[0].body

    def test_bad_registration_keeps_what_was_typed(self, client, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True)
        response = client.post(meeting.get_absolute_url(), {"name": "สมหญิง", "email": "not-an-email"})
        assert response.status_code == 400
        assert 'value="สมหญิง"' in response.content.decode()

    def test_full_meeting_says_so(self, client, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=1)
        services.registration_create(meeting=meeting, data={"name": "หนึ่ง", "email": "one@example.org"})
        html = client.get(f"/en{meeting.get_absolute_url()}").content.decode()
        assert "The meeting is full" in html
        response = client.post(meeting.get_absolute_url(), {"name": "สอง", "email": "two@example.org"})
        assert response.status_code == 400
        assert Registration.objects.filter(meeting=meeting).count() == 1

    def test_closed_registration_refuses_posts(self, client, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=False)
        response = client.post(meeting.get_absolute_url(), {"name": "สอง", "email": "two@example.org"})
        assert response.status_code == 400
        assert not Registration.objects.exists()


def test_registrations_are_rate_limited(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (2, 600)}
    meeting = MeetingFactory(office=singburi, registration_open=True)
    for n in range(2):
        client.post(meeting.get_absolute_url(), {"name": f"คน {n}", "email": f"p{n}@example.org"})
    response = client.post(meeting.get_absolute_url(), {"name": "คนที่สาม", "email": "p3@example.org"})
    assert response.status_code == 429 and 'value="คนที่สาม"' in response.content.decode()
    assert Registration.objects.filter(meeting=meeting).count() == 2
