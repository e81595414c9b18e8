import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from participation.meetings import services
from participation.meetings.models import Meeting, MeetingAttendance, Registration
from participation.models import AuditEvent
from participation.network.models import NetworkMember
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OfficeFactory,
    StakeholderGroupFactory,
    jpeg_with_gps,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(monkeypatch):
    """Run what requests queued, with the real worker; it must not close the test's database connection."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        failed = DBTaskResult.objects.failed()
        assert not failed.exists(), [result.exception_class_path for result in failed]

    return run


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def meeting_data(**overrides):
    start = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "title": "เวทีรับฟังความคิดเห็นแผนพัฒนาการศึกษา",
        "kind": "hearing",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "venue": "ห้องประชุมใหญ่",
        "objectives_text": "เพื่อชี้แจงร่างแผน\nเพื่อรับฟังข้อเสนอแนะ",
        "participation_level": "consult",
        "is_public": "on",
    }
    data.update(overrides)
    return data


class TestServices:
    def test_attendance_total_is_the_sum_of_the_groups(self, singburi, staff_singburi):
        meeting = MeetingFactory(office=singburi)
        a, b = StakeholderGroupFactory(office=singburi), StakeholderGroupFactory(office=singburi)
        services.meeting_set_attendance(meeting=meeting, actor=staff_singburi, rows=[(a, 60, 55), (b, 50, 48)])
        meeting = Meeting.objects.with_totals().get(pk=meeting.pk)
        assert (meeting.invited_total, meeting.attended_total) == (110, 103)

    def test_negative_counts_are_refused(self, singburi, staff_singburi):
        meeting = MeetingFactory(office=singburi)
        group = StakeholderGroupFactory(office=singburi)
        with pytest.raises(ValidationError):
            services.meeting_set_attendance(meeting=meeting, actor=staff_singburi, rows=[(group, 5, -1)])
        assert not MeetingAttendance.objects.exists()

    def test_another_offices_group_is_refused(self, singburi, chainat, staff_singburi):
        meeting = MeetingFactory(office=singburi)
        foreign = StakeholderGroupFactory(office=chainat)
        with pytest.raises(ValidationError):
            services.meeting_set_attendance(meeting=meeting, actor=staff_singburi, rows=[(foreign, 5, 5)])

    def test_end_before_start_is_refused(self, singburi, staff_singburi):
        start = timezone.now()
        with pytest.raises(ValidationError):
            services.meeting_create(
                office=singburi,
                actor=staff_singburi,
                data={"title": "x", "starts_at": start, "ends_at": start - datetime.timedelta(hours=1)},
            )
        assert not Meeting.objects.exists()

    def test_held_only_once_and_not_before_it_starts(self, singburi, staff_singburi):
        future = MeetingFactory(office=singburi)
        with pytest.raises(ValidationError):
            services.meeting_mark_held(meeting=future, actor=staff_singburi, minutes="", outcomes="")
        past = MeetingFactory(office=singburi, starts_at=timezone.now() - datetime.timedelta(days=1))
        services.meeting_mark_held(meeting=past, actor=staff_singburi, minutes="บันทึก", outcomes="ผล")
        with pytest.raises(ValidationError):
            services.meeting_mark_held(meeting=past, actor=staff_singburi, minutes="", outcomes="")
        assert AuditEvent.objects.filter(action="meeting.held").count() == 1

    def test_capacity_cannot_go_below_registrations(self, singburi, staff_singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=5)
        for n in range(3):
            services.registration_create(meeting=meeting, data={"name": f"คน {n}", "email": f"p{n}@example.org"})
        with pytest.raises(ValidationError):
            services.meeting_update(meeting=meeting, actor=staff_singburi, data={"capacity": 2})
        meeting.refresh_from_db()
        assert meeting.capacity == 5

    def test_full_meeting_refuses_more(self, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=1)
        services.registration_create(meeting=meeting, data={"name": "หนึ่ง", "email": "one@example.org"})
        with pytest.raises(ValidationError) as error:
            services.registration_create(meeting=meeting, data={"name": "สอง", "email": "two@example.org"})
        assert error.value.code == "full"

    def test_same_email_registers_once(self, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True)
        services.registration_create(meeting=meeting, data={"name": "หนึ่ง", "email": "one@example.org"})
        with pytest.raises(ValidationError) as error:
            services.registration_create(meeting=meeting, data={"name": "หนึ่ง", "email": "ONE@example.org"})
        assert error.value.code == "duplicate"

    def test_cancel_tells_registrants(self, singburi, staff_singburi, django_capture_on_commit_callbacks, run_tasks):
        meeting = MeetingFactory(office=singburi, registration_open=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_create(meeting=meeting, data={"name": "หนึ่ง", "email": "one@example.org"})
            services.meeting_cancel(meeting=meeting, actor=staff_singburi, reason="น้ำท่วมสถานที่")
        run_tasks()
        subjects = [message.subject for message in mail.outbox]
        assert any(meeting.title in subject for subject in subjects)
        assert any("น้ำท่วมสถานที่" in message.body for message in mail.outbox)


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


class TestWorkspace:
    def test_create_with_invited_groups(self, client, staff_singburi, singburi):
        group = singburi.stakeholder_groups.first()
        client.force_login(staff_singburi)
        response = client.post("/manage/singburi/meetings/new/", meeting_data(invited_groups=[group.pk]))
        meeting = Meeting.objects.get()
        assert response["Location"] == meeting.get_manage_url()
        assert meeting.objectives == ["เพื่อชี้แจงร่างแผน", "เพื่อรับฟังข้อเสนอแนะ"]
        assert list(meeting.attendance.values_list("group", flat=True)) == [group.pk]

    def test_end_before_start_keeps_the_form(self, client, staff_singburi):
        client.force_login(staff_singburi)
        data = meeting_data()
        data["ends_at"] = data["starts_at"].replace("T09:00", "T08:00")
        response = client.post("/manage/singburi/meetings/new/", data)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="เวทีรับฟังความคิดเห็นแผนพัฒนาการศึกษา"' in html
        assert not Meeting.objects.exists()

    def test_attendance_grid(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        groups = [singburi.stakeholder_groups.first(), StakeholderGroupFactory(office=singburi)]
        client.force_login(staff_singburi)
        url = f"/manage/singburi/meetings/{meeting.pk}/attendance/"
        data = {f"g{groups[0].pk}-invited": "60", f"g{groups[0].pk}-attended": "55"}
        data |= {f"g{groups[1].pk}-invited": "50", f"g{groups[1].pk}-attended": "48"}
        assert client.post(url, data).status_code == 302
        assert Meeting.objects.with_totals().get(pk=meeting.pk).attended_total == 103

    def test_attendance_grid_refuses_negative_and_keeps_input(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        group = singburi.stakeholder_groups.first()
        client.force_login(staff_singburi)
        response = client.post(
            f"/manage/singburi/meetings/{meeting.pk}/attendance/",
            {f"g{group.pk}-invited": "12", f"g{group.pk}-attended": "-3"},
        )
        assert response.status_code == 400
        assert 'value="12"' in response.content.decode()
        assert not MeetingAttendance.objects.exists()

    def test_photos_are_reencoded_and_non_images_refused(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        url = f"/manage/singburi/meetings/{meeting.pk}/files/"
        response = client.post(url, {"files": [upload("not-a-photo.jpg", b"<html>hi</html>")]})
        assert response.status_code == 200 and not meeting.files.exists()
        client.post(url, {"files": [upload("seminar.jpg", jpeg_with_gps()), upload("b.png", png_bytes())]})
        assert meeting.files.count() == 2
        stored = meeting.files.get(original_name="seminar.jpg").file.read()
        assert b"Test Camera Model" not in stored

    def test_capacity_below_registrations_is_refused_in_the_form(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=5)
        for n in range(3):
            services.registration_create(meeting=meeting, data={"name": f"คน {n}", "email": f"p{n}@example.org"})
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/edit/", meeting_data(capacity="2", registration_open="on")
        )
        assert "3 people have registered already" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.capacity == 5

    def test_follow_up_tracker_flags_overdue(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        services.follow_up_save(
            meeting=meeting,
            actor=staff_singburi,
            action=None,
            data={"description": "ปรับปรุงเว็บไซต์", "due_on": timezone.localdate() - datetime.timedelta(days=2)},
        )
        services.follow_up_save(
            meeting=meeting, actor=staff_singburi, action=None, data={"description": "ยังไม่ครบกำหนด"}
        )
        client.force_login(staff_singburi)
        html = client.get("/manage/singburi/follow-up/?status=overdue").content.decode()
        assert "ปรับปรุงเว็บไซต์" in html and "ยังไม่ครบกำหนด" not in html

    def test_sign_in_sheet_lists_members_and_blank_rows(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        row = AttendanceFactory(meeting=meeting, group=singburi.stakeholder_groups.first(), invited=3)
        NetworkMember.objects.create(office=singburi, group=row.group, name="นางสาวสมศรี", organisation="โรงเรียนบ้านนา")
        client.force_login(staff_singburi)
        html = client.get(f"/manage/singburi/meetings/{meeting.pk}/sign-in/").content.decode()
        assert "นางสาวสมศรี" in html and html.count('class="blank"') >= 5

    def test_another_offices_meeting_cannot_be_changed(self, client, staff_singburi, chainat):
        meeting = MeetingFactory(office=chainat)
        client.force_login(staff_singburi)
        for path in [
            f"/manage/singburi/meetings/{meeting.pk}/cancel/",
            f"/manage/chainat/meetings/{meeting.pk}/cancel/",
        ]:
            assert client.post(path, {"reason": "x"}).status_code == 404
        meeting.refresh_from_db()
        assert meeting.status == "planned"

    def test_registrations_csv(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True)
        services.registration_create(meeting=meeting, data={"name": "สมชาย", "email": "s@example.org"})
        client.force_login(staff_singburi)
        response = client.get(f"/manage/singburi/meetings/{meeting.pk}/registrations/?format=csv")
        assert response.content.decode("utf-8").startswith("\ufeffname,email")
        assert "สมชาย" in response.content.decode("utf-8")


class TestQueryCounts:
    @pytest.mark.parametrize(
        "url", ["/singburi/meetings/", "/singburi/", "/singburi/meetings.ics", "/sitemap-meetings.xml"]
    )
    def test_public_lists(self, client, singburi, url):
        MeetingFactory(office=singburi)
        AttendanceFactory(
            meeting=MeetingFactory(
                office=singburi, status="held", starts_at=timezone.now() - datetime.timedelta(days=9)
            )
        )
        small = count_queries(client, url)
        for _ in range(15):
            meeting = MeetingFactory(
                office=singburi, status="held", starts_at=timezone.now() - datetime.timedelta(days=9)
            )
            AttendanceFactory(meeting=meeting)
        MeetingFactory.create_batch(10, office=singburi)
        MeetingFactory.create_batch(5, office=OfficeFactory())
        assert count_queries(client, url) == small

    def test_manage_lists(self, client, staff_singburi, singburi):
        client.force_login(staff_singburi)
        for meeting in MeetingFactory.create_batch(2, office=singburi):
            services.follow_up_save(meeting=meeting, actor=staff_singburi, action=None, data={"description": "งาน"})
        small = (
            count_queries(client, "/manage/singburi/meetings/"),
            count_queries(client, "/manage/singburi/follow-up/"),
        )
        for meeting in MeetingFactory.create_batch(12, office=singburi):
            services.follow_up_save(meeting=meeting, actor=staff_singburi, action=None, data={"description": "งาน"})
        assert (
            count_queries(client, "/manage/singburi/meetings/"),
            count_queries(client, "/manage/singburi/follow-up/"),
        ) == small

    def test_detail(self, client, singburi):
        meeting = MeetingFactory(office=singburi)
        AttendanceFactory(meeting=meeting)
        small = count_queries(client, meeting.get_absolute_url())
        for _ in range(8):
            AttendanceFactory(meeting=meeting)
        assert count_queries(client, meeting.get_absolute_url()) == small


def test_registrations_are_rate_limited(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (2, 600)}
    meeting = MeetingFactory(office=singburi, registration_open=True)
    for n in range(2):
        client.post(meeting.get_absolute_url(), {"name": f"คน {n}", "email": f"p{n}@example.org"})
    response = client.post(meeting.get_absolute_url(), {"name": "คนที่สาม", "email": "p3@example.org"})
    assert response.status_code == 429 and 'value="คนที่สาม"' in response.content.decode()
    assert Registration.objects.filter(meeting=meeting).count() == 2
