"""The public feedback form, the receipt, and following an item by its tracking code."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation.feedback import services
from participation.feedback.models import CODE_ALPHABET, Feedback
from tests.factories import FeedbackFactory, MeetingFactory, png_bytes, upload
from tests.feedback.helpers import S, form_values, keeps_no_receipt, receipt_code, send

pytestmark = pytest.mark.django_db


class TestSending:
    def test_receipt_after_commit_with_code_and_reply_date(self, client, singburi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = send(client)
        feedback = Feedback.objects.get()
        assert receipt_code(response) == feedback.tracking_code
        assert len(feedback.tracking_code) == 16 and set(feedback.tracking_code) <= set(CODE_ALPHABET)
        assert feedback.due_on == timezone.localdate() + datetime.timedelta(days=15)
        html = response.content.decode()
        assert feedback.formatted_code in html
        assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", feedback.formatted_code)

    def test_receipt_and_staff_notice_go_through_the_queue(
        self, client, singburi, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send(client, email="citizen@example.org", kind="suggestion")
        assert mail.outbox == []
        run_tasks()
        feedback = Feedback.objects.get()
        receipts = [m for m in mail.outbox if m.to == ["citizen@example.org"]]
        assert len(receipts) == 1 and feedback.formatted_code in receipts[0].body
        assert any(staff_singburi.email in m.to for m in mail.outbox)

    def test_one_submission_per_form_token(self, client, singburi):
        values = form_values(client)
        data = {"kind": "question", "subject": "สอบถาม", "message": "เปิดรับสมัครเมื่อไร", **values}
        first = client.post("/singburi/feedback/new/", data)
        second = client.post("/singburi/feedback/new/", data)  # a double click, or a retry
        assert receipt_code(first) == receipt_code(second) is not None
        assert Feedback.objects.count() == 1

    def test_exact_duplicate_is_refused_and_the_text_kept(self, client, singburi):
        send(Client())  # someone else at the same connection (the test clients share an address)
        response = send(client, language="/en")
        html = response.content.decode()
        assert response.status_code == 200 and "reached the office already" in html
        assert "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก" in html
        assert Feedback.objects.count() == 1

    def test_honeypot_is_kept_as_spam_without_mail(self, client, singburi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = send(client, website="http://spam.example", email="robot@example.org")
        assert receipt_code(response) == Feedback.objects.get().tracking_code  # a robot learns nothing
        assert Feedback.objects.get().status == S.SPAM
        assert callbacks == [] and not DBTaskResult.objects.exists()

    def test_too_fast_is_shown_again(self, client, singburi, settings):
        settings.FEEDBACK_MIN_SECONDS = 60
        response = send(client)
        assert response.status_code == 200
        assert "ถนนหน้าโรงเรียนชำรุด" in response.content.decode()
        assert not Feedback.objects.exists()

    def test_tampered_start_time_is_refused(self, client, singburi):
        response = send(client, started="forged")
        assert response.status_code == 200 and not Feedback.objects.exists()

    def test_rate_limit_keeps_the_text(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}
        for n in range(2):
            assert receipt_code(send(client, message=f"ข้อความที่ {n}"))
        response = send(client, message="ข้อความที่สาม", language="/en")
        assert response.status_code == 429
        assert "ข้อความที่สาม" in response.content.decode()
        assert Feedback.objects.count() == 2

    def test_rate_limit_uses_the_trusted_proxy_header_only(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (1, 600)}
        assert receipt_code(send(client, message="หนึ่ง", HTTP_X_FORWARDED_FOR="10.0.0.1"))
        # Without a trusted header the forged header changes nothing: same address, limited.
        assert send(client, message="สอง", HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 429
        settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
        assert receipt_code(send(client, message="สาม", HTTP_X_FORWARDED_FOR="10.0.0.3"))

    def test_database_error_says_try_again_and_keeps_the_text(self, client, singburi):
        values = form_values(client)
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE feedback_feedback RENAME TO feedback_feedback_away")
        try:
            response = client.post(
                "/en/singburi/feedback/new/",
                {"kind": "opinion", "subject": "ความเห็น", "message": "ข้อความที่ต้องไม่หาย", **values},
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE feedback_feedback_away RENAME TO feedback_feedback")
        assert response.status_code == 503
        html = response.content.decode()
        assert "please try again" in html and "ข้อความที่ต้องไม่หาย" in html

    def test_bad_attachment_is_refused_and_the_text_kept(self, client, singburi):
        response = send(client, files=[upload("photo.png", png_bytes() + b"<script>alert(1)</script>")])
        assert response.status_code == 200 and not Feedback.objects.exists()
        assert "ถนนหน้าโรงเรียนชำรุด" in response.content.decode()

    def test_picture_is_kept(self, client, singburi):
        assert receipt_code(send(client, files=[upload("hole.png", png_bytes())]))
        assert Feedback.objects.get().files.get().original_name == "hole.png"

    def test_topic_from_the_link(self, client, singburi):
        meeting = MeetingFactory(office=singburi, title="เวทีรับฟังความคิดเห็น")
        html = client.get(f"/singburi/feedback/new/?about=meeting:{meeting.pk}").content.decode()
        assert "เวทีรับฟังความคิดเห็น" in html
        send(client, about=f"meeting:{meeting.pk}")
        feedback = Feedback.objects.get()
        assert (feedback.topic_kind, feedback.topic_id, feedback.topic_title) == ("meeting", meeting.pk, meeting.title)

    def test_another_offices_meeting_is_no_topic(self, client, singburi, chainat):
        foreign = MeetingFactory(office=chainat, title="ประชุมชัยนาท")
        response = client.get(f"/singburi/feedback/new/?about=meeting:{foreign.pk}")
        assert response.status_code == 200
        assert 'name="subject"' in response.content.decode()
        assert "ประชุมชัยนาท" not in response.content.decode()


class TestTracking:
    def test_follow_by_code_typed_loosely(self, client, singburi):
        feedback = FeedbackFactory(office=singburi)
        typed = feedback.formatted_code.lower().replace("-", " ")
        response = client.get("/track/", {"code": typed})
        assert response["Location"] == f"/track/{feedback.tracking_code}/"
        html = client.get(response["Location"]).content.decode()
        assert feedback.subject in html

    def test_wrong_code_gives_the_same_not_found(self, client, singburi):
        spam = FeedbackFactory(office=singburi, status=S.SPAM)
        missing = client.get("/track/ZZZZZZZZZZZZZZZZ/")
        garbage = client.get("/track/%3Cscript%3E/")
        assert missing.status_code == garbage.status_code == 404
        heading = re.compile(r"<h1>(.*?)</h1>")
        assert heading.search(missing.content.decode()).group(1) == heading.search(garbage.content.decode()).group(1)
        assert client.get(spam.get_tracking_url()).status_code == 200  # the sender is not told it was spam

    def test_guessing_is_rate_limited(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": (3, 600)}
        for _ in range(3):
            client.get("/track/ZZZZZZZZZZZZZZZZ/")
        assert client.get("/track/ZZZZZZZZZZZZZZZZ/").status_code == 429

    def test_answer_and_rating(self, client, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi)
        services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ซ่อมแล้วเมื่อวันจันทร์", public=False)
        html = client.get(feedback.get_tracking_url()).content.decode()
        assert "ซ่อมแล้วเมื่อวันจันทร์" in html
        response = client.post(f"{feedback.get_tracking_url()}rate/", {"rating": "4", "comment": "ขอบคุณ"})
        assert response.status_code == 302
        feedback.refresh_from_db()
        assert (feedback.rating, feedback.rating_comment) == (4, "ขอบคุณ")

    def test_rating_before_an_answer_is_refused(self, client, singburi):
        feedback = FeedbackFactory(office=singburi)
        assert client.post(f"{feedback.get_tracking_url()}rate/", {"rating": "5"}).status_code == 400
        assert client.post(f"{feedback.get_tracking_url()}rate/", {"rating": "9"}).status_code == 400
        feedback.refresh_from_db()
        assert feedback.rating is None


def test_form_refuses_nul_bytes_cleanly(client, singburi):
    response = send(client, message="ข้อความ\x00ที่มี NUL")
    assert response.status_code == 200 and not Feedback.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_receipt_is_shown_only_for_a_committed_row(client, singburi):
    """Without a test transaction around it: when the receipt shows, another connection already sees the row."""
    response = send(client)
    code = receipt_code(response)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM feedback_feedback WHERE tracking_code = %s", [code])
            assert cursor.fetchone()[0] == 1
    finally:
        other.close()
    assert code is not None


class TestReviewFixes:
    def test_a_reused_form_with_new_text_is_a_new_message(self, client, singburi):
        values = form_values(client)
        first = {"kind": "opinion", "subject": "เรื่องแรก", "message": "ข้อความแรก", **values}
        client.post("/singburi/feedback/new/", first)
        client.post("/singburi/feedback/new/", {**first, "message": "แก้ไขแล้วส่งใหม่"})
        assert set(Feedback.objects.values_list("message", flat=True)) == {"ข้อความแรก", "แก้ไขแล้วส่งใหม่"}

    def test_a_token_from_another_office_does_not_swallow_the_message(self, client, singburi, chainat):
        values = form_values(client)
        client.post("/singburi/feedback/new/", {"kind": "opinion", "subject": "ก", "message": "ถึงสิงห์บุรี", **values})
        client.post("/chainat/feedback/new/", {"kind": "misconduct", "subject": "ข", "message": "ถึงชัยนาท", **values})
        assert Feedback.objects.filter(office=chainat, message="ถึงชัยนาท").exists()

    def test_the_same_text_from_two_people_is_received_twice(self, client, singburi):
        send(client, message="ขอบคุณครับ", REMOTE_ADDR="10.1.1.1")
        send(client, message="ขอบคุณครับ", REMOTE_ADDR="10.1.1.2")
        assert Feedback.objects.filter(message="ขอบคุณครับ").count() == 2

    def test_the_receipt_is_kept_nowhere(self, client, singburi):
        response = send(client)
        assert receipt_code(response) and keeps_no_receipt(response)
        # The address of earlier releases' receipt page leads to where a code is typed.
        assert client.get("/singburi/feedback/receipt/")["Location"] == "/track/"

    def test_spam_cannot_be_rated_and_stays_hidden(self, client, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi)
        services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="คำตอบ", public=False)
        services.feedback_reopen(feedback=feedback, actor=staff_singburi)
        with pytest.raises(ValidationError):
            services.feedback_mark_spam(feedback=feedback, actor=staff_singburi)
        spam = FeedbackFactory(office=singburi, status=S.SPAM)
        response = client.post(f"{spam.get_tracking_url()}rate/", {"rating": "9"})
        assert response.status_code == 400
        assert spam.subject in response.content.decode()
        assert "สแปม" not in response.content.decode() and "Spam" not in response.content.decode()

    def test_rate_limit_counts_ipv6_by_its_64(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (1, 600)}
        assert receipt_code(send(client, message="หนึ่ง", REMOTE_ADDR="2001:db8:1:2::1"))
        assert send(client, message="สอง", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
        assert receipt_code(send(client, message="สาม", REMOTE_ADDR="2001:db8:1:3::1"))
