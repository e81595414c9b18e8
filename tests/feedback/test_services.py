"""Feedback services: the way from received to closed, answers by mail, personal data."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from participation import permissions, personaldata
from participation.feedback import services
from participation.feedback.models import Feedback
from participation.feedback.tasks import send_overdue_digest
from participation.models import AuditEvent
from tests.factories import FeedbackFactory
from tests.feedback.helpers import S

pytestmark = pytest.mark.django_db


class TestStateChanges:
    def test_the_whole_way(self, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi)
        services.feedback_start(feedback=feedback, actor=staff_singburi)
        services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="คำตอบ", public=True)
        services.feedback_close(feedback=feedback, actor=staff_singburi)
        services.feedback_reopen(feedback=feedback, actor=staff_singburi)
        feedback.refresh_from_db()
        assert feedback.status == S.IN_PROGRESS and feedback.closed_at is None
        statuses = list(feedback.events.filter(kind="status").values_list("status", flat=True))
        assert statuses == ["in_progress", "answered", "closed", "in_progress"]

    @pytest.mark.parametrize(
        ("status", "service"),
        [
            (S.IN_PROGRESS, services.feedback_start),
            (S.CLOSED, services.feedback_close),
            (S.RECEIVED, services.feedback_reopen),
            (S.ANSWERED, services.feedback_mark_spam),
            (S.SPAM, services.feedback_mark_spam),
        ],
    )
    def test_refusals(self, singburi, staff_singburi, status, service):
        feedback = FeedbackFactory(office=singburi, status=status)
        with pytest.raises(ValidationError):
            service(feedback=feedback, actor=staff_singburi)
        feedback.refresh_from_db()
        assert feedback.status == status

    def test_answering_closed_feedback_is_refused(self, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi, status=S.CLOSED)
        with pytest.raises(ValidationError):
            services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="x", public=False)

    def test_misconduct_answers_are_never_public(self, singburi, director_singburi):
        report = FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT)
        with pytest.raises(ValidationError):
            services.feedback_respond(feedback=report, actor=director_singburi, answer="x", public=True)

    def test_answer_mails_the_sender(self, singburi, staff_singburi, django_capture_on_commit_callbacks, run_tasks):
        feedback = FeedbackFactory(office=singburi, email="sender@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ได้ดำเนินการแล้ว", public=False)
        run_tasks()
        assert mail.outbox[0].to == ["sender@example.org"] and "ได้ดำเนินการแล้ว" in mail.outbox[0].body

    def test_overdue_digest(self, singburi, staff_singburi, run_tasks):
        FeedbackFactory(office=singburi, due_on=timezone.localdate() - datetime.timedelta(days=3), subject="ค้างตอบ")
        FeedbackFactory(office=singburi, subject="ยังทัน")
        send_overdue_digest.enqueue(office_id=singburi.pk)
        run_tasks()
        assert len(mail.outbox) == 1 and "ค้างตอบ" in mail.outbox[0].body and "ยังทัน" not in mail.outbox[0].body


class TestReviewFixes:
    def test_the_audit_trail_never_names_feedback(self, singburi, staff_singburi):
        report = FeedbackFactory(office=singburi, kind="misconduct", subject="ชื่อผู้ถูกกล่าวหา")
        services.feedback_start(feedback=report, actor=staff_singburi)
        rows = AuditEvent.objects.filter(target_type="feedback.feedback")
        assert rows.exists()
        assert all("ชื่อผู้ถูกกล่าวหา" not in row.target_repr and report.tracking_code not in row.target_repr for row in rows)

    def test_find_by_phone_however_it_was_typed(self, singburi, director_singburi):
        feedback = FeedbackFactory(office=singburi, phone="081 234-5678")
        found = Feedback.objects.for_office(singburi).of_person(phone="+66 81 234 5678")
        assert list(found) == [feedback]

    def test_erasing_removes_everything_that_points_to_the_person(self, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi, email="p@example.org", name="สมชาย", rating_comment="ดีมาก")
        personaldata.person_erase(
            office=singburi,
            person=personaldata.Person(email="p@example.org"),
            standing=permissions.standing(staff_singburi, singburi),
            actor=staff_singburi,
        )
        feedback.refresh_from_db()
        assert (feedback.name, feedback.email, feedback.fingerprint, feedback.rating_comment) == ("", "", "", "")

    def test_answered_but_never_closed_is_purged_after_retention(self, singburi):
        old = timezone.now() - datetime.timedelta(days=singburi.feedback_retention_days + 1)
        answered = FeedbackFactory(office=singburi, status=S.ANSWERED, answered_at=old, email="a@example.org")
        services.feedback_purge_contacts(office=singburi)
        answered.refresh_from_db()
        assert answered.email == "" and answered.contact_erased_at is not None
