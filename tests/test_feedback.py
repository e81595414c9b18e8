import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation.feedback import services
from participation.feedback.forms import FeedbackForm
from participation.feedback.models import CODE_ALPHABET, Feedback
from participation.feedback.tasks import send_overdue_digest
from participation.models import AuditEvent, OfficeMembership
from tests.factories import FeedbackFactory, MeetingFactory, MembershipFactory, png_bytes, upload

pytestmark = pytest.mark.django_db
S = Feedback.Status


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def run_tasks(monkeypatch):
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        assert not DBTaskResult.objects.failed().exists()

    return run


def form_values(client, office="singburi", language=""):
    html = client.get(f"{language}/{office}/feedback/new/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    return {"token": token, "started": started}


def send(client, *, office="singburi", language="", **fields):
    data = {"kind": "complaint", "subject": "ถนนหน้าโรงเรียนชำรุด", "message": "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก"}
    data.update(form_values(client, office, language))
    headers = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_") or key == "REMOTE_ADDR"}
    data.update(fields)
    return client.post(f"{language}/{office}/feedback/new/", data, **headers)


class TestSending:
    def test_receipt_after_commit_with_code_and_reply_date(self, client, singburi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = send(client)
        assert response.status_code == 302 and response["Location"] == "/singburi/feedback/receipt/"
        feedback = Feedback.objects.get()
        assert len(feedback.tracking_code) == 16 and set(feedback.tracking_code) <= set(CODE_ALPHABET)
        assert feedback.due_on == timezone.localdate() + datetime.timedelta(days=15)
        html = client.get(response["Location"]).content.decode()
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
        assert first.status_code == second.status_code == 302
        assert Feedback.objects.count() == 1

    def test_exact_duplicate_is_refused_and_the_text_kept(self, client, singburi):
        send(client)
        response = send(client, language="/en")
        html = response.content.decode()
        assert response.status_code == 200 and "reached the office already" in html
        assert "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก" in html
        assert Feedback.objects.count() == 1

    def test_honeypot_is_kept_as_spam_without_mail(self, client, singburi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = send(client, website="http://spam.example")
        assert response.status_code == 302
        assert Feedback.objects.get().status == S.SPAM
        assert callbacks == []

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
            assert send(client, message=f"ข้อความที่ {n}").status_code == 302
        response = send(client, message="ข้อความที่สาม", language="/en")
        assert response.status_code == 429
        assert "ข้อความที่สาม" in response.content.decode()
        assert Feedback.objects.count() == 2

    def test_rate_limit_uses_the_trusted_proxy_header_only(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (1, 600)}
        assert send(client, message="หนึ่ง", HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 302
        # Without a trusted header the forged header changes nothing: same address, limited.
        assert send(client, message="สอง", HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 429
        settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
        assert send(client, message="สาม", HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 302

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
        assert send(client, files=[upload("hole.png", png_bytes())]).status_code == 302
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
        assert "ประชุมชัยนาท" not in client.get(f"/singburi/feedback/new/?about=meeting:{foreign.pk}").content.decode()


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


class TestMisconduct:
    @pytest.fixture
    def report(self, singburi):
        return FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT, subject="รายงานการทุจริตจัดซื้อ", name="ผู้แจ้ง")

    def test_staff_never_see_it(self, client, staff_singburi, report):
        client.force_login(staff_singburi)
        assert "รายงานการทุจริตจัดซื้อ" not in client.get("/manage/singburi/feedback/?status=all").content.decode()
        assert client.get(report.get_manage_url()).status_code == 404

    def test_director_and_named_handler_see_it(self, client, director_singburi, staff_singburi, report):
        client.force_login(director_singburi)
        assert client.get(report.get_manage_url()).status_code == 200
        OfficeMembership.objects.filter(user=staff_singburi).update(sees_misconduct=True)
        client.force_login(staff_singburi)
        assert client.get(report.get_manage_url()).status_code == 200

    def test_another_offices_director_gets_404(self, client, chainat, report):
        director = MembershipFactory(office=chainat, role="director").user
        client.force_login(director)
        assert client.get(report.get_manage_url()).status_code == 404
        assert client.get(f"/manage/chainat/feedback/{report.pk}/").status_code == 404

    def test_new_report_mails_only_its_handlers(
        self, client, singburi, staff_singburi, director_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send(client, kind="misconduct", subject="แจ้งเบาะแส", message="มีการเรียกรับเงิน")
        run_tasks()
        recipients = {address for message in mail.outbox for address in message.to}
        assert director_singburi.email in recipients and staff_singburi.email not in recipients

    def test_bulk_cannot_reach_it(self, client, staff_singburi, report):
        client.force_login(staff_singburi)
        client.post("/manage/singburi/feedback/bulk/", {"action": "spam", "ids": [report.pk]})
        report.refresh_from_db()
        assert report.status == S.RECEIVED


class TestInbox:
    def test_overdue_first_and_highlighted(self, client, staff_singburi, singburi):
        FeedbackFactory(office=singburi, subject="ยังไม่ถึงกำหนด")
        FeedbackFactory(
            office=singburi, subject="เกินกำหนดแล้ว", due_on=timezone.localdate() - datetime.timedelta(days=2)
        )
        client.force_login(staff_singburi)
        html = client.get("/manage/singburi/feedback/").content.decode()
        assert html.index("เกินกำหนดแล้ว") < html.index("ยังไม่ถึงกำหนด")
        assert "table-danger" in html
        only_overdue = client.get("/manage/singburi/feedback/?overdue=on").content.decode()
        assert "ยังไม่ถึงกำหนด" not in only_overdue

    def test_answer_note_assign(self, client, staff_singburi, director_singburi, singburi):
        feedback = FeedbackFactory(office=singburi)
        client.force_login(staff_singburi)
        url = feedback.get_manage_url()
        assert client.post(f"{url}note/", {"text": "โทรสอบถามแล้ว"}).status_code == 302
        assert client.post(f"{url}assign/", {"assignee": director_singburi.pk}).status_code == 302
        assert client.post(f"{url}answer/", {"answer": "ดำเนินการแล้ว", "public": "on"}).status_code == 302
        feedback.refresh_from_db()
        assert feedback.status == S.ANSWERED and feedback.answer_public and feedback.assigned_to == director_singburi
        assert feedback.events.filter(kind="note", text="โทรสอบถามแล้ว").exists()

    def test_empty_answer_keeps_the_page(self, client, staff_singburi, singburi):
        feedback = FeedbackFactory(office=singburi)
        client.force_login(staff_singburi)
        response = client.post(f"{feedback.get_manage_url()}answer/", {"answer": "  "})
        assert response.status_code == 400
        assert response.context["answer_form"].errors

    def test_bulk_close(self, client, staff_singburi, singburi):
        items = FeedbackFactory.create_batch(3, office=singburi)
        client.force_login(staff_singburi)
        client.post("/manage/singburi/feedback/bulk/", {"action": "close", "ids": [item.pk for item in items]})
        assert set(Feedback.objects.values_list("status", flat=True)) == {S.CLOSED}

    def test_phone_feedback_entered_by_staff(self, client, staff_singburi, singburi):
        client.force_login(staff_singburi)
        response = client.post(
            "/manage/singburi/feedback/new/",
            {
                "channel": "phone",
                "received_on": timezone.localdate().isoformat(),
                "kind": "question",
                "subject": "โทรมาถาม",
                "message": "ถามเรื่องการย้ายโรงเรียน",
            },
        )
        feedback = Feedback.objects.get()
        assert response["Location"] == feedback.get_manage_url()
        assert feedback.channel == "phone" and feedback.created_by == staff_singburi

    def test_settings_are_the_directors(self, client, staff_singburi, director_singburi, singburi):
        client.force_login(staff_singburi)
        assert client.get("/manage/singburi/feedback/settings/").status_code == 404
        client.force_login(director_singburi)
        membership = OfficeMembership.objects.get(user=staff_singburi)
        response = client.post(
            "/manage/singburi/feedback/settings/",
            {
                "feedback_answer_days": "7",
                "feedback_notify_staff": "on",
                "feedback_retention_days": "365",
                "misconduct_handlers": [membership.pk],
            },
        )
        assert response.status_code == 302
        singburi.refresh_from_db()
        membership.refresh_from_db()
        assert singburi.feedback_answer_days == 7 and membership.sees_misconduct


def test_form_refuses_nul_bytes_cleanly(client, singburi):
    response = send(client, message="ข้อความ\x00ที่มี NUL")
    assert response.status_code == 200 and not Feedback.objects.exists()


def test_form_fields_have_labels(singburi):
    form = FeedbackForm(office=singburi)
    assert all(field.label for name, field in form.fields.items() if not field.widget.is_hidden)


def test_staff_only_see_their_office(client, staff_other_office, singburi):
    feedback = FeedbackFactory(office=singburi)
    client.force_login(staff_other_office)
    assert client.get(feedback.get_manage_url()).status_code == 404
    assert client.get(f"/manage/chainat/feedback/{feedback.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_receipt_is_shown_only_for_a_committed_row(client, singburi):
    """Without a test transaction around it: when the receipt shows, another connection already sees the row."""
    response = send(client)
    assert response.status_code == 302
    code = client.session["feedback_receipts"][0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM feedback_feedback WHERE tracking_code = %s", [code])
            assert cursor.fetchone()[0] == 1
    finally:
        other.close()
    assert code in client.get(response["Location"]).content.decode().replace("-", "")


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

    def test_the_receipt_is_shown_once(self, client, singburi):
        response = send(client)
        assert client.get(response["Location"]).status_code == 200
        assert client.get(response["Location"]).status_code == 302

    def test_the_audit_trail_never_names_feedback(self, singburi, staff_singburi):
        report = FeedbackFactory(office=singburi, kind="misconduct", subject="ชื่อผู้ถูกกล่าวหา")
        services.feedback_start(feedback=report, actor=staff_singburi)
        rows = AuditEvent.objects.filter(target_type="feedback.feedback")
        assert rows.exists()
        assert all("ชื่อผู้ถูกกล่าวหา" not in row.target_repr and report.tracking_code not in row.target_repr for row in rows)

    def test_spam_cannot_be_rated_and_stays_hidden(self, client, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi)
        services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="คำตอบ", public=False)
        services.feedback_reopen(feedback=feedback, actor=staff_singburi)
        with pytest.raises(ValidationError):
            services.feedback_mark_spam(feedback=feedback, actor=staff_singburi)
        spam = FeedbackFactory(office=singburi, status=S.SPAM)
        response = client.post(f"{spam.get_tracking_url()}rate/", {"rating": "9"})
        assert "สแปม" not in response.content.decode() and "Spam" not in response.content.decode()

    def test_find_by_phone_however_it_was_typed(self, singburi, director_singburi):
        feedback = FeedbackFactory(office=singburi, phone="081 234-5678")
        found = Feedback.objects.for_office(singburi).of_person(phone="+66 81 234 5678")
        assert list(found) == [feedback]

    def test_erasing_removes_everything_that_points_to_the_person(self, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi, email="p@example.org", name="สมชาย", rating_comment="ดีมาก")
        services.person_erase(office=singburi, actor=staff_singburi, email="p@example.org")
        feedback.refresh_from_db()
        assert (feedback.name, feedback.email, feedback.fingerprint, feedback.rating_comment) == ("", "", "", "")

    def test_answered_but_never_closed_is_purged_after_retention(self, singburi):
        old = timezone.now() - datetime.timedelta(days=singburi.feedback_retention_days + 1)
        answered = FeedbackFactory(office=singburi, status=S.ANSWERED, answered_at=old, email="a@example.org")
        services.feedback_purge_contacts(office=singburi)
        answered.refresh_from_db()
        assert answered.email == "" and answered.contact_erased_at is not None

    def test_rate_limit_counts_ipv6_by_its_64(self, client, singburi, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (1, 600)}
        assert send(client, message="หนึ่ง", REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
        assert send(client, message="สอง", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
        assert send(client, message="สาม", REMOTE_ADDR="2001:db8:1:3::1").status_code == 302
