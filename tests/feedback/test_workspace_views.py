"""Feedback in the workspace: the inbox, reports of misconduct, settings, personal-data requests."""

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.feedback.models import Feedback
from participation.models import AuditEvent, OfficeMembership
from tests.conftest import PERSONAS
from tests.factories import FeedbackFactory, MembershipFactory
from tests.feedback.helpers import PERSONAL, WORKSPACE_PAGES, K, S, send
from tests.helpers import OWN_OFFICE

pytestmark = pytest.mark.django_db


class TestMisconduct:
    @pytest.fixture
    def report(self, singburi):
        return FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT, subject="รายงานการทุจริตจัดซื้อ", name="ผู้แจ้ง")

    def test_staff_never_see_it(self, client, staff_singburi, report):
        FeedbackFactory(office=report.office, subject="ข้อเสนอแนะทั่วไป")
        client.force_login(staff_singburi)
        inbox = client.get("/manage/singburi/feedback/?status=all")
        assert inbox.status_code == 200
        assert "ข้อเสนอแนะทั่วไป" in inbox.content.decode()
        assert "รายงานการทุจริตจัดซื้อ" not in inbox.content.decode()
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
        response = client.get("/manage/singburi/feedback/?overdue=on")
        assert response.status_code == 200
        only_overdue = response.content.decode()
        assert "เกินกำหนดแล้ว" in only_overdue
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


def test_staff_only_see_their_office(client, staff_other_office, singburi):
    feedback = FeedbackFactory(office=singburi)
    client.force_login(staff_other_office)
    assert client.get(feedback.get_manage_url()).status_code == 404
    assert client.get(f"/manage/chainat/feedback/{feedback.pk}/").status_code == 404


# --- Personal data requests -------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_personal_data_page_by_persona(client_for, persona):
    response = client_for(persona).get(PERSONAL)
    assert response.status_code == OWN_OFFICE[persona]
    if persona == "citizen":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["citizen", "staff_other_office"])
def test_outsiders_cannot_erase(client_for, singburi, persona):
    item = FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย")
    response = client_for(persona).post(
        WORKSPACE_PAGES["feedback:manage_personal_data_erase"].format(office="singburi"),
        {"email": "somchai@example.org", "confirm": "True", "records": [f"feedback:{item.pk}"]},
    )
    assert response.status_code == {"citizen": 302, "staff_other_office": 404}[persona]
    item.refresh_from_db()
    assert item.email == "somchai@example.org" and item.name == "สมชาย"


def test_exports_are_404_for_another_office(client_for, singburi):
    FeedbackFactory(office=singburi, email="somchai@example.org")
    client = client_for("staff_other_office")
    for export in ("json", "csv"):
        response = client.post(EXPORT, {"format": export, "email": "somchai@example.org"})
        assert response.status_code == 404


ERASE = "/manage/singburi/feedback/personal-data/erase/"
EXPORT = "/manage/singburi/feedback/personal-data/export/"


@pytest.fixture
def person(singburi, chainat):
    """Somchai's feedback to Sing Buri (one of them a report of misconduct), someone else's, and
    Somchai's feedback to Chai Nat."""
    received = timezone.localdate()
    return {
        "own": FeedbackFactory(
            office=singburi,
            name="นายสมชาย ใจดี",
            email="somchai@example.org",
            phone="0812345678",
            subject="ข้อเสนอแนะของสมชาย",
            received_on=received,
        ),
        "misconduct": FeedbackFactory(
            office=singburi,
            kind=K.MISCONDUCT,
            name="สมชาย",
            email="Somchai@Example.org",
            subject="เบาะแสของสมชาย",
            received_on=received,
        ),
        "other_person": FeedbackFactory(
            office=singburi, name="นางสมศรี", email="somsri@example.org", phone="0899999999", received_on=received
        ),
        "other_office": FeedbackFactory(
            office=chainat, name="นายสมชาย ใจดี", email="somchai@example.org", received_on=received
        ),
    }


def feedback_found(response) -> list[int]:
    (group,) = [group for group in response.context["findings"].groups if group.source.key == "feedback"]
    return [record.pk for record in group.records]


def test_search_by_email_hides_misconduct_from_staff(client_for, person):
    response = client_for("staff_singburi").post(PERSONAL, {"email": "SOMCHAI@example.org"})
    assert response.status_code == 200
    assert feedback_found(response) == [person["own"].pk]
    assert "เบาะแสของสมชาย" not in response.content.decode()


def test_search_shows_misconduct_to_the_director(client_for, person):
    response = client_for("director_singburi").post(PERSONAL, {"email": "somchai@example.org"})
    assert set(feedback_found(response)) == {person["own"].pk, person["misconduct"].pk}


def test_search_by_phone(client_for, person):
    response = client_for("staff_singburi").post(PERSONAL, {"phone": "081-234-5678"})
    assert feedback_found(response) == [person["own"].pk]


def test_search_needs_an_email_a_phone_or_a_name(client_for, person):
    client = client_for("staff_singburi")
    assert client.get(PERSONAL).status_code == 200  # the empty form
    response = client.post(PERSONAL, {"email": "", "phone": "", "name": ""})
    assert response.status_code == 400
    assert "findings" not in response.context
    assert client.post(PERSONAL, {"email": "not-an-address"}).status_code == 400
    assert client.post(EXPORT, {"email": "", "format": "json"}).status_code == 400


def exported_feedback(document: dict) -> list[dict]:
    return [record for record in document["records"] if record["kind"] == "feedback"]


def test_json_export(client_for, person):
    response = client_for("staff_singburi").post(EXPORT, {"format": "json", "email": "somchai@example.org"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-singburi-')
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    assert document["office"] == "singburi"
    (record,) = exported_feedback(document)
    assert record["tracking_code"] == person["own"].tracking_code
    assert record["name"] == "นายสมชาย ใจดี" and record["phone"] == "0812345678"
    assert record["subject"] == "ข้อเสนอแนะของสมชาย" and record["message"] == person["own"].message
    assert person["misconduct"].tracking_code not in response.content.decode()


def test_json_export_for_the_director_has_the_misconduct_report(client_for, person):
    response = client_for("director_singburi").post(EXPORT, {"format": "json", "email": "somchai@example.org"})
    codes = {item["tracking_code"] for item in exported_feedback(json.loads(response.content))}
    assert codes == {person["own"].tracking_code, person["misconduct"].tracking_code}


def test_csv_export(client_for, person):
    response = client_for("staff_singburi").post(EXPORT, {"format": "csv", "email": "somchai@example.org"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["tracking_code"] for row in rows if row["kind"] == "feedback"] == [person["own"].tracking_code]
    assert rows[0]["email"] == "somchai@example.org" and rows[0]["name"] == "นายสมชาย ใจดี"


def test_erase_confirmation_counts_what_will_be_erased(client_for, person):
    response = client_for("staff_singburi").post(ERASE, {"email": "somchai@example.org"})
    assert response.status_code == 200
    assert response.context["findings"].total == 1  # the report of misconduct is not the staff member's to erase
    assert 'type="hidden"' in response.content.decode() and "somchai@example.org" in response.content.decode()
    director = client_for("director_singburi").post(ERASE, {"email": "somchai@example.org"})
    assert director.context["findings"].total == 2
    person["own"].refresh_from_db()
    assert person["own"].email == "somchai@example.org"  # showing the confirmation changes nothing


def test_erase_without_a_search_goes_back_to_the_search(client_for, person):
    client = client_for("staff_singburi")
    response = client.get(ERASE)
    assert response.status_code == 302 and response["Location"] == PERSONAL
    response = client.post(ERASE, {"email": "", "phone": ""})
    assert response.status_code == 302 and response["Location"] == PERSONAL
    assert not Feedback.objects.filter(email="").exists()
    assert not AuditEvent.objects.filter(action="personal_data.erased").exists()


def erase_confirmed(client, email: str):
    form = client.post(ERASE, {"email": email}).context["form"]
    data = {"email": email, "confirm": "True", "fingerprint": form.initial["fingerprint"]}
    return client.post(ERASE, {**data, "records": form.initial["records"], "redact": form.initial["redact"]})


def test_erase_removes_the_contact_details_and_is_audited(client_for, staff_singburi, person):
    response = erase_confirmed(client_for("staff_singburi"), "somchai@example.org")
    assert response.status_code == 302 and response["Location"] == PERSONAL
    own = Feedback.objects.get(pk=person["own"].pk)
    assert (own.name, own.email, own.phone) == ("", "", "")
    assert own.contact_erased_at is not None
    assert own.subject.startswith("ข้อเสนอแนะของ")  # the feedback itself stays (the name in it is redacted)
    for untouched in ("misconduct", "other_person", "other_office"):
        item = Feedback.objects.get(pk=person[untouched].pk)
        assert item.email and item.contact_erased_at is None
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert (event.actor, event.office_id, event.data["counts"]["feedback"]) == (staff_singburi, own.office_id, 1)


def test_the_director_erases_the_misconduct_report_too(client_for, person):
    erase_confirmed(client_for("director_singburi"), "somchai@example.org")
    assert Feedback.objects.get(pk=person["misconduct"].pk).email == ""
    assert Feedback.objects.get(pk=person["other_office"].pk).email == "somchai@example.org"
