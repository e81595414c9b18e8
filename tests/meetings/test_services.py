"""Meeting services: attendance, holding, capacity and registrations, cancelling."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from participation.meetings import services
from participation.meetings.models import Meeting, MeetingAttendance
from participation.models import AuditEvent
from tests.factories import MeetingFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


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
