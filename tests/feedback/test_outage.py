"""A database out of reach: nothing typed is lost, nothing refused looks received, no page answers 500.

The outage is made by the test connection refusing every statement, as a stopped server does (the
fault test in tests/test_fault_intake.py does it with a real cluster)."""

import contextlib

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

from participation.feedback import services
from participation.feedback.models import Feedback
from tests.feedback.helpers import form_values, receipt_code, send

# Outside a test transaction: the outage breaks the transaction it happens in, as it would in production.
pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "ไฟถนนหน้าโรงเรียนดับมาสามวันแล้ว"


@pytest.fixture(autouse=True)
def cache_outside_the_database(settings):
    # As Redis is in production: the database cache would be out of reach too.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def database_down(monkeypatch):
    """Every statement fails as with a server that stopped answering."""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        patch.setattr(connection, "_cursor", refuse)
        yield


def plain_client():
    return Client(raise_request_exception=False)


def test_a_sender_keeps_their_text_and_gets_a_503(singburi, monkeypatch):
    citizen = plain_client()
    values = form_values(citizen)  # the form was open before the outage
    data = {"kind": "complaint", "subject": "ไฟถนนดับ", "message": MESSAGE, "name": "สมชาย", **values}
    with database_down(monkeypatch):
        response = citizen.post("/singburi/feedback/new/", data)
    html = response.content.decode()
    assert response.status_code == 503
    assert MESSAGE in html and "ไฟถนนดับ" in html and "สมชาย" in html and values["token"] in html
    assert not Feedback.objects.exists()
    # Back again: the same form, sent again, is received once.
    again = citizen.post("/singburi/feedback/new/", data)
    assert receipt_code(again) == Feedback.objects.get().tracking_code


def test_the_form_and_its_refusal_need_no_database(singburi, monkeypatch):
    citizen = plain_client()
    form_values(citizen)  # someone opened it before: its rendering, the office and its groups are kept
    with database_down(monkeypatch):
        page = citizen.get("/singburi/feedback/new/")
        assert page.status_code == 200 and 'name="message"' in page.content.decode()
        typo = citizen.post("/singburi/feedback/new/", {"kind": "complaint", "subject": "", "message": MESSAGE})
        assert typo.status_code == 200 and MESSAGE in typo.content.decode()


def test_without_even_the_office_a_plain_form_keeps_the_text(singburi, monkeypatch):
    citizen = plain_client()
    values = form_values(citizen)
    cache.clear()  # a server that never saw the office
    data = {"kind": "question", "subject": "ถามเรื่องรับสมัคร", "message": MESSAGE, "email": "a@example.org", **values}
    with database_down(monkeypatch):
        response = citizen.post("/en/singburi/feedback/new/", data)
    html = response.content.decode()
    assert response.status_code == 503 and "not sent yet" in html
    assert MESSAGE in html and "ถามเรื่องรับสมัคร" in html and "a@example.org" in html and values["token"] in html
    # The plain form sends what the real one does.
    resent = citizen.post("/en/singburi/feedback/new/", data)
    assert receipt_code(resent) == Feedback.objects.get().tracking_code


def test_a_queue_failure_refuses_the_whole_message(singburi, monkeypatch):
    """The e-mail tasks are queued in the feedback's transaction: either all is stored or nothing is,
    so a sender is never told "not stored" about a stored message."""

    class BrokenQueue:
        def enqueue(self, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "send_feedback_receipt", BrokenQueue())
    response = send(plain_client(), email="citizen@example.org", message=MESSAGE)
    assert response.status_code == 503 and MESSAGE in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "path", ["/", "/singburi/", "/singburi/announcements/", "/track/ABCD-EFGH-JKLM-NPQR/", "/manage/"]
)
def test_other_pages_answer_503_not_500(path, singburi, staff_singburi, monkeypatch):
    visitor = plain_client()
    if path.startswith("/manage/"):
        visitor.force_login(staff_singburi)
    monkeypatch.setattr("django.conf.settings.PAGE_CACHE_SECONDS", 0)
    with database_down(monkeypatch):
        response = visitor.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in response.content.decode()


def test_a_staff_form_sent_during_the_outage_is_a_503(singburi, staff_singburi, monkeypatch):
    staff = plain_client()
    staff.force_login(staff_singburi)
    with database_down(monkeypatch):
        response = staff.post("/manage/singburi/feedback/", {"action": "close"})
    assert response.status_code == 503


def test_healthz_reports_the_outage(monkeypatch, db):
    with database_down(monkeypatch):
        response = plain_client().get("/healthz/")
    assert response.status_code == 503 and response.json()["database"] == "down"


def test_other_errors_stay_500(monkeypatch, singburi):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("portal.views.render", broken)
    assert plain_client().get("/").status_code == 500
