"""Feedback intake: the receipt in answer to the form (nothing kept for it on the server), what counts
against the rate limit, and the queries a whole submission takes."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation import ratelimit
from participation.feedback.models import Feedback
from participation.feedback.views.public import STAND_IN
from tests.factories import PDF_BYTES, StakeholderGroupFactory, UserFactory, png_bytes, upload
from tests.feedback.helpers import form_values, keeps_no_receipt, receipt_code, send

pytestmark = pytest.mark.django_db


class TestReceipt:
    def test_no_session_is_made_for_an_anonymous_sender(self, client, singburi):
        response = send(client, email="citizen@example.org")
        assert receipt_code(response) == Feedback.objects.get().tracking_code
        assert "citizen@example.org" in response.content.decode()
        assert "sessionid" not in client.cookies and not Session.objects.exists()

    def test_the_receipt_is_never_stored_nor_cached(self, client, singburi):
        response = send(client, language="/en")
        assert receipt_code(response) and keeps_no_receipt(response)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_sending_the_form_again_shows_the_same_receipt(self, client, singburi):
        data = {"kind": "question", "subject": "สอบถาม", "message": "เปิดรับสมัครเมื่อไร", **form_values(client)}
        first = client.post("/singburi/feedback/new/", data)
        again = client.post("/singburi/feedback/new/", data)  # a reload of the receipt, a retry
        assert receipt_code(first) == receipt_code(again) == Feedback.objects.get().tracking_code

    def test_the_old_receipt_address_leads_to_the_tracking_page(self, client, singburi):
        assert client.get("/singburi/feedback/receipt/")["Location"] == "/track/"
        assert client.post("/singburi/feedback/receipt/").status_code == 405


class TestWhatCounts:
    """Only messages received count against the sender's connection (five per ten minutes by default)."""

    @pytest.fixture(autouse=True)
    def two_per_window(self, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}

    def test_refused_forms_do_not_count(self, client, singburi, settings):
        for _n in range(3):
            assert send(client, subject="").status_code == 200  # a typo: the form comes back
        settings.FEEDBACK_MIN_SECONDS = 600
        assert send(client, message="เร็วเกินไป").status_code == 200  # too fast: shown again
        settings.FEEDBACK_MIN_SECONDS = 0
        assert receipt_code(send(client, message="หนึ่ง"))
        assert send(client, message="หนึ่ง").status_code == 200  # a duplicate
        assert receipt_code(send(client, message="สอง"))
        assert send(client, message="สาม").status_code == 429
        assert Feedback.objects.count() == 2

    def test_a_double_click_counts_once(self, client, singburi):
        data = {"kind": "question", "subject": "สอบถาม", "message": "เปิดรับสมัครเมื่อไร", **form_values(client)}
        assert receipt_code(client.post("/singburi/feedback/new/", data))
        assert receipt_code(client.post("/singburi/feedback/new/", data))
        assert receipt_code(send(client, message="อีกเรื่องหนึ่ง"))
        assert Feedback.objects.count() == 2

    def test_the_refusal_says_how_long_to_wait(self, client, singburi, monkeypatch):
        monkeypatch.setattr(ratelimit.time, "time", lambda: 600 * 1000 + 60)  # a minute into a window
        for n in range(2):
            send(client, message=f"ข้อความ {n}")
        response = send(client, message="ข้อความที่สาม", language="/en")
        assert response.status_code == 429 and response["Retry-After"] == "540"
        assert "again in 9 minutes" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_submission_takes_a_fixed_number_of_queries(client, singburi, monkeypatch, settings):
    """Form, then sending (with two files, an e-mail receipt and the staff notice queued) and its receipt.

    With the database as the rate-limit store and a cache outside the database (as Redis is), so only
    the database's own work is counted; Redis takes the two counter statements away. Measured outside a
    test transaction, as in production: BEGIN and COMMIT are counted on SQLite, not on PostgreSQL."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(ratelimit.random, "random", lambda: 1.0)  # no housekeeping of old counters
    group = StakeholderGroupFactory(office=singburi)
    send(client, email="first@example.org")  # someone else's submission rendered the form and the receipt
    with CaptureQueriesContext(connection) as form_page:
        html = client.get("/singburi/feedback/new/").content.decode()
    data = {"kind": "complaint", "subject": "ถนนชำรุด", "message": "หลุมบ่อหน้าโรงเรียน", "email": "a@example.org"}
    data.update({name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ("token", "started")})
    data.update(group=group.pk, files=[upload("a.png", png_bytes()), upload("b.pdf", PDF_BYTES)])
    with CaptureQueriesContext(connection) as sending:
        response = client.post("/singburi/feedback/new/", data)
    assert receipt_code(response)
    statements = [
        query["sql"].split()[0]
        for query in sending
        if query["sql"] not in ("BEGIN", "COMMIT") and "SAVEPOINT" not in query["sql"]
    ]
    # The rate counter, "sent already?", the feedback, its files in one INSERT, its history, the audit
    # row, the receipt counter, and the two tasks, in the same transaction, with the office's records
    # version (the year's kept figures count it). The office, its groups, the blank form and the receipt
    # come from the cache.
    assert statements == [
        "INSERT",
        "SELECT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
    ]
    assert len(form_page) == 0
    assert Feedback.objects.get(email="a@example.org").files.count() == 2


class TestSharedRendering:
    """The blank form and the receipt are rendered once per office, language and address and kept in the
    cache; every visitor gets their own CSRF token, form token, start time and receipt."""

    def test_each_visitor_gets_their_own_values(self, singburi):
        pages = [Client(enforce_csrf_checks=True) for _n in range(2)]
        values = [form_values(page) for page in pages]
        assert values[0]["token"] != values[1]["token"] and values[0]["started"] != values[1]["started"]
        for page in pages:
            html = page.get("/singburi/feedback/new/").content.decode()
            assert STAND_IN.format("") not in html and 'name="csrfmiddlewaretoken"' in html
        for n, page in enumerate(pages):
            assert receipt_code(send(page, message=f"ข้อความที่ {n}"))  # CSRF checked
        assert Feedback.objects.count() == 2

    def test_signed_in_people_and_waiting_messages_get_a_page_of_their_own(self, client, singburi):
        client.get("/singburi/feedback/new/")
        client.force_login(UserFactory())
        assert 'action="/accounts/logout/"' in client.get("/singburi/feedback/new/").content.decode()

    def test_a_closed_office_is_not_found_at_once(self, client, singburi):
        send(client)
        assert client.get("/singburi/feedback/new/").status_code == 200
        singburi.is_active = False
        singburi.save()
        assert client.get("/singburi/feedback/new/").status_code == 404
        assert client.post("/singburi/feedback/new/", {"subject": "ก", "message": "ข"}).status_code == 404
        assert Client().get("/nowhere/feedback/new/").status_code == 404

    def test_the_form_follows_the_office(self, client, singburi):
        assert f"{singburi.feedback_answer_days} days" in client.get("/en/singburi/feedback/new/").content.decode()
        singburi.feedback_answer_days = 7
        singburi.save()
        assert "within 7 days" in client.get("/en/singburi/feedback/new/").content.decode()

    def test_each_receipt_shows_its_own_submission(self, singburi):
        shown = []
        for subject in ("<script>alert(1)</script>", "ไฟถนนดับ"):
            browser = Client()
            response = send(browser, subject=subject, message=f"เรื่อง {subject}", language="/en")
            shown.append(response.content.decode())
        first, second = Feedback.objects.order_by("pk")
        assert first.formatted_code in shown[0] and first.formatted_code not in shown[1]
        assert second.formatted_code in shown[1] and "ไฟถนนดับ" in shown[1]
        assert "<script>alert(1)" not in shown[0] and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown[0]
        assert f"http://testserver{second.get_tracking_url()}" in shown[1] and STAND_IN.format("") not in shown[1]
