"""Personal data (PDPA, issue #11 finding 7): a person is found in every record the office keeps of them
(feedback, meeting registrations, named attendees, network members), copied and erased from all of
them, with their name, e-mail and phone redacted inside texts after staff confirm; searches go by POST
(no personal data in any address or log); every search, copy and erasure is audited; the retention
purge covers registrations and named attendees."""

import csv
import datetime
import io
import json
import logging
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.feedback.models import Feedback, FeedbackEvent
from participation.meetings.models import Attendee, MeetingAttendance, Registration
from participation.models import AuditEvent
from participation.network import services as network_services
from participation.network.models import NetworkMember
from participation.personaldata import Person, removed_mark
from participation.personaldata.redaction import Redactor, national_phone, normalized_name
from tests.factories import AttendanceFactory, FeedbackFactory, MeetingFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

SEARCH = "/manage/singburi/feedback/personal-data/"
EXPORT = SEARCH + "export/"
ERASE = SEARCH + "erase/"
INBOX = "/manage/singburi/feedback/"

EMAIL = "somchai@example.org"
PHONE = "081-234-5678"
NAME = "นายสมชาย ใจดี"
# The kinds the `somchai` fixture has no record of (hearings and working groups).
NOT_IN_NEW_APPS = {"hearing_comments": 0, "join_requests": 0, "group_members": 0, "subscriptions": 0}
SECRETS = ("somchai", "0812345678", "081-234-5678", "812345678", "สมชาย")


@pytest.fixture
def somchai(singburi, chainat, staff_singburi):
    """Somchai in all four kinds of record of Sing Buri (and in Chai Nat's, which Sing Buri never sees),
    with someone else's records beside them."""
    group = singburi.stakeholder_groups.first()
    past = timezone.now() - datetime.timedelta(days=20)
    meeting = MeetingFactory(office=singburi, starts_at=past, ends_at=past + datetime.timedelta(hours=3))
    attendance = AttendanceFactory(meeting=meeting, group=group, invited=10, attended=7)
    feedback = FeedbackFactory(
        office=singburi,
        name=NAME,
        email=EMAIL,
        phone="",
        subject="ถนนหน้าโรงเรียน",
        message="ผม สมชาย ใจดี ผู้ปกครอง โทร 081 234 5678 หรือ somchai@example.org ครับ",
        answer="เรียน คุณสมชาย ใจดี สำนักงานได้ดำเนินการแล้ว",
        status=Feedback.Status.ANSWERED,
        answered_at=timezone.now(),
    )
    note = FeedbackEvent.objects.create(feedback=feedback, kind=FeedbackEvent.Kind.NOTE, text="โทรหาสมชาย ใจดี แล้ว")
    registration = Registration.objects.create(meeting=meeting, name="สมชาย ใจดี", email="SOMCHAI@example.org")
    # Added through the service: its audit row names the member.
    member = network_services.member_create(
        office=singburi,
        actor=staff_singburi,
        group=group,
        name="สมชาย ใจดี",
        organisation="ชมรมผู้ปกครอง",
        phone="+66 81 234 5678",
    )
    attendee = Attendee.objects.create(meeting=meeting, group=group, name="นายสมชาย ใจดี", organisation="ชมรม")
    others = {
        "feedback": FeedbackFactory(office=singburi, name="นางสมศรี มีสุข", email="somsri@example.org"),
        "registration": Registration.objects.create(meeting=meeting, name="สมศรี มีสุข", email="somsri@example.org"),
        "attendee": Attendee.objects.create(meeting=meeting, group=group, name="นางสมศรี มีสุข"),
        "member": NetworkMember.objects.create(office=singburi, group=group, name="สมศรี มีสุข", phone="0899999999"),
    }
    chainat_group = chainat.stakeholder_groups.first()
    chainat_meeting = MeetingFactory(office=chainat)
    elsewhere = {
        "feedback": FeedbackFactory(office=chainat, name=NAME, email=EMAIL),
        "registration": Registration.objects.create(meeting=chainat_meeting, name=NAME, email=EMAIL),
        "attendee": Attendee.objects.create(meeting=chainat_meeting, group=chainat_group, name=NAME),
        "member": NetworkMember.objects.create(office=chainat, group=chainat_group, name=NAME, email=EMAIL),
    }
    return {
        "feedback": feedback,
        "note": note,
        "registration": registration,
        "member": member,
        "attendee": attendee,
        "meeting": meeting,
        "attendance": attendance,
        "others": others,
        "elsewhere": elsewhere,
    }


def search(client, **data):
    return client.post(SEARCH, {"email": "", "phone": "", "name": "", **data})


def found_keys(response) -> dict[str, set[int]]:
    return {group.source.key: {record.pk for record in group.records} for group in response.context["findings"].groups}


# --- Phone numbers, names, redaction ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "national"),
    [
        ("081-234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("0066812345678", "0812345678"),
        ("66812345678", "0812345678"),
        ("812345678", "0812345678"),
        ("02 123 4567", "021234567"),
        ("+66 2 123 4567", "021234567"),
    ],
)
def test_thai_phone_numbers_compare_by_their_national_form(typed, national):
    assert national_phone(typed) == national


def test_names_compare_without_title_spacing_or_case():
    assert normalized_name("นาย  สมชาย   ใจดี") == normalized_name("สมชาย ใจดี") == "สมชาย ใจดี"
    assert normalized_name("Mr. John  Smith") == "john smith"
    assert normalized_name("คุณากร ดีงาม") == "คุณากร ดีงาม"  # a name, not the title คุณ


def test_the_redactor_finds_name_email_and_phone_however_written():
    redactor = Redactor(names=[NAME], emails=[EMAIL], phones=[PHONE])
    text = "คุณสมชาย ใจดี (สมชาย) โทร +66 81-234-5678, 0812345678 อีเมล SOMCHAI@example.org"
    redacted = redactor.redact(text, "th")
    for secret in ("สมชาย", "ใจดี", "81-234-5678", "0812345678", "SOMCHAI@example.org"):
        assert secret not in redacted
    assert redactor.redact("เลขที่ 1081234567899") == "เลขที่ 1081234567899"  # a longer number is not the phone
    before, after = redactor.segments("ผม สมชาย ใจดี", "en")
    assert [(s.text, s.marked) for s in before] == [("ผม ", False), ("สมชาย ใจดี", True)]
    assert [(s.text, s.marked) for s in after] == [("ผม ", False), (removed_mark("en"), True)]


def test_a_landline_is_found_whichever_way_it_was_typed(singburi, director_singburi):
    from participation.feedback import personaldata as feedback_personaldata
    from participation.permissions import standing

    item = FeedbackFactory(office=singburi, phone="+66 2 123 4567")
    found = feedback_personaldata.find(
        office=singburi, person=Person(phone="02-123-4567"), standing=standing(director_singburi, singburi)
    )
    assert [record.pk for record in found] == [item.pk]


# --- Finding (POST only) -------------------------------------------------------------------------


def test_a_person_is_found_in_all_four_kinds_of_record(client_for, somchai):
    response = search(client_for("staff_singburi"), email=EMAIL, phone=PHONE)
    assert response.status_code == 200
    assert found_keys(response) == {
        "feedback": {somchai["feedback"].pk},
        "registrations": {somchai["registration"].pk},
        "network": {somchai["member"].pk},
        # Named attendees are kept by name only: found by the name on Somchai's other records.
        "attendees": {somchai["attendee"].pk},
        # Somchai has no comment on a hearing nor a place in a working group here.
        "hearing_comments": set(),
        "join_requests": set(),
        "group_members": set(),
        "subscriptions": set(),
    }
    assert response.context["findings"].total == 4
    assert response["Cache-Control"] == "private, no-store"


def test_a_name_alone_finds_the_person(client_for, somchai):
    response = search(client_for("staff_singburi"), name="สมชาย  ใจดี")
    keys = found_keys(response)
    assert keys["attendees"] == {somchai["attendee"].pk}
    assert keys["feedback"] == {somchai["feedback"].pk} and keys["network"] == {somchai["member"].pk}


def test_another_offices_records_are_never_found(client_for, somchai):
    response = search(client_for("staff_singburi"), email=EMAIL, phone=PHONE, name=NAME)
    found = {(group.source.key, record.pk) for group in response.context["findings"].groups for record in group.records}
    elsewhere = somchai["elsewhere"]
    for kind, item in [
        ("feedback", elsewhere["feedback"]),
        ("registrations", elsewhere["registration"]),
        ("attendees", elsewhere["attendee"]),
        ("network", elsewhere["member"]),
    ]:
        assert (kind, item.pk) not in found


@pytest.mark.parametrize("url", [SEARCH, EXPORT, ERASE])
def test_another_offices_staff_get_404(client_for, somchai, url):
    client = client_for("staff_other_office")
    assert client.post(url, {"email": EMAIL, "format": "json", "confirm": "1"}).status_code == 404
    assert client.get(url).status_code == 404
    assert Feedback.objects.get(pk=somchai["feedback"].pk).email == EMAIL
    assert not AuditEvent.objects.filter(action__startswith="personal_data.").exists()


def test_a_search_in_the_address_does_nothing(client_for, somchai):
    client = client_for("staff_singburi")
    response = client.get(SEARCH + f"?email={EMAIL}&phone=0812345678&format=json")
    assert response.status_code == 302 and response["Location"] == SEARCH
    response = client.get(SEARCH)
    assert response.status_code == 200 and "findings" not in response.context
    assert EMAIL not in response.content.decode()
    response = client.get(ERASE + f"?email={EMAIL}")
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert client.get(EXPORT + f"?email={EMAIL}&format=json").status_code == 405
    assert not AuditEvent.objects.filter(action__startswith="personal_data.").exists()
    assert Feedback.objects.get(pk=somchai["feedback"].pk).email == EMAIL


def test_misconduct_stays_with_those_who_handle_it(client_for, singburi):
    report = FeedbackFactory(office=singburi, kind=Feedback.Kind.MISCONDUCT, email=EMAIL, subject="เบาะแส")
    assert search(client_for("staff_singburi"), email=EMAIL).context["findings"].total == 0
    assert found_keys(search(client_for("director_singburi"), email=EMAIL))["feedback"] == {report.pk}
    client_for("staff_singburi").post(ERASE, {"email": EMAIL, "confirm": "1", "records": [f"feedback:{report.pk}"]})
    assert Feedback.objects.get(pk=report.pk).email == EMAIL


def test_a_bad_search_says_why(client_for, somchai):
    client = client_for("staff_singburi")
    response = search(client)
    assert response.status_code == 400 and response.context["form"].errors
    response = search(client, email="not-an-address")
    assert response.status_code == 400 and "email" in response.context["form"].errors


# --- No personal data in addresses or logs -----------------------------------------------------


def addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|action|formaction)="([^"]*)"', html)


def test_no_personal_data_in_any_address_of_the_flow(client_for, somchai):
    client = client_for("staff_singburi")
    pages = [
        client.get(INBOX),
        client.get(SEARCH),
        search(client, email=EMAIL, phone=PHONE),
        client.post(ERASE, {"email": EMAIL, "phone": PHONE, "name": ""}),
    ]
    confirm = pages[-1].context["form"]
    done = client.post(
        ERASE,
        {
            "email": EMAIL,
            "phone": PHONE,
            "name": "",
            "confirm": "True",
            "fingerprint": confirm.initial["fingerprint"],
            "records": confirm.initial["records"],
            "redact": confirm.initial["redact"],
        },
    )
    assert done.status_code == 302
    visited = [done["Location"]] + [url for page in pages for url in addresses(page.content.decode())]
    visited += [page.wsgi_request.get_full_path() for page in pages]
    for url in visited:
        assert "@" not in url and not any(secret in url for secret in SECRETS), url


def test_the_logs_never_hold_the_search(client_for, somchai, caplog):
    client = client_for("staff_singburi")
    with caplog.at_level(logging.DEBUG):
        search(client, email="somchai@example", phone=PHONE)  # refused: 400, logged by django.request
        response = search(client, email=EMAIL, phone=PHONE)
    assert any(record.name == "django.request" for record in caplog.records)
    assert not any(secret in caplog.text for secret in SECRETS)
    # Error reports (500 e-mails) leave the posted values out.
    assert set(response.wsgi_request.sensitive_post_parameters) == {"email", "phone", "name"}


# --- Copies --------------------------------------------------------------------------------


def test_the_json_copy_has_every_record_with_its_kind(client_for, somchai):
    response = client_for("staff_singburi").post(EXPORT, {"email": EMAIL, "phone": PHONE, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-singburi-')
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    kinds = sorted(record["kind"] for record in document["records"])
    assert kinds == ["attendees", "feedback", "network", "registrations"]
    assert document["counts"] == {"feedback": 1, "registrations": 1, "network": 1, "attendees": 1, **NOT_IN_NEW_APPS}
    feedback = next(record for record in document["records"] if record["kind"] == "feedback")
    assert feedback["tracking_code"] == somchai["feedback"].tracking_code and feedback["email"] == EMAIL
    assert "somsri" not in response.content.decode()


def test_the_csv_copy_has_a_kind_column(client_for, somchai):
    response = client_for("staff_singburi").post(EXPORT, {"email": EMAIL, "phone": PHONE, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["kind"] for row in rows) == ["attendees", "feedback", "network", "registrations"]
    assert {row["name"] for row in rows} >= {NAME, "สมชาย ใจดี"}
    # A phone number stays a phone number, not a formula.
    assert any(row["phone"] == "+66 81 234 5678" for row in rows)


# --- Erasure -------------------------------------------------------------------------------


def confirm_all(client, person: dict):
    """Open the confirmation and confirm it as it is shown (everything ticked)."""
    page = client.post(ERASE, {"email": "", "phone": "", "name": "", **person})
    assert page.status_code == 200
    form = page.context["form"]
    data = {**person, "confirm": "True", "fingerprint": form.initial["fingerprint"]}
    data.update(records=form.initial["records"], redact=form.initial["redact"])
    return page, client.post(ERASE, data)


def test_the_confirmation_shows_the_redactions_before_and_after(client_for, somchai):
    page = client_for("staff_singburi").post(ERASE, {"email": EMAIL, "phone": PHONE})
    html = page.content.decode()
    proposals = {proposal.key for proposal in page.context["proposals"]}
    pk = somchai["feedback"].pk
    assert {f"feedback:{pk}:message", f"feedback:{pk}:answer", f"feedback:{pk}:note-{somchai['note'].pk}"} <= proposals
    assert '<del class="bg-danger-subtle">สมชาย ใจดี</del>' in html
    assert '<del class="bg-danger-subtle">081 234 5678</del>' in html
    assert f"<mark>{removed_mark(somchai['feedback'].language)}</mark>" in html
    assert html.count('type="checkbox" name="records"') == 4
    # Nothing is changed before staff confirm.
    assert Feedback.objects.get(pk=pk).message == somchai["feedback"].message
    assert Registration.objects.filter(pk=somchai["registration"].pk).exists()


def test_erasing_removes_the_person_from_all_four_and_keeps_the_figures(client_for, staff_singburi, somchai):
    _page, response = confirm_all(client_for("staff_singburi"), {"email": EMAIL, "phone": PHONE})
    assert response.status_code == 302 and response["Location"] == SEARCH

    feedback = Feedback.objects.get(pk=somchai["feedback"].pk)
    assert (feedback.name, feedback.email, feedback.phone) == ("", "", "")
    assert feedback.contact_erased_at is not None
    for text in (feedback.message, feedback.answer, FeedbackEvent.objects.get(pk=somchai["note"].pk).text):
        assert not any(secret in text for secret in SECRETS), text
        assert removed_mark(feedback.language) in text
    assert "ผู้ปกครอง" in feedback.message and feedback.subject == "ถนนหน้าโรงเรียน"  # the rest stays

    assert not Registration.objects.filter(pk=somchai["registration"].pk).exists()
    assert not NetworkMember.objects.filter(pk=somchai["member"].pk).exists()
    attendee = Attendee.objects.get(pk=somchai["attendee"].pk)
    assert attendee.name == removed_mark() and attendee.organisation == ""
    assert attendee.group_id == somchai["attendance"].group_id and somchai["meeting"].attendees.count() == 2
    attendance = MeetingAttendance.objects.get(pk=somchai["attendance"].pk)
    assert (attendance.invited, attendance.attended) == (10, 7)

    # Someone else's records and another office's stay as they were.
    others = somchai["others"]
    assert Feedback.objects.get(pk=others["feedback"].pk).email == "somsri@example.org"
    assert Registration.objects.filter(pk=others["registration"].pk).exists()
    assert Attendee.objects.get(pk=others["attendee"].pk).name == "นางสมศรี มีสุข"
    assert NetworkMember.objects.filter(pk=others["member"].pk).exists()
    elsewhere = somchai["elsewhere"]
    assert Feedback.objects.get(pk=elsewhere["feedback"].pk).email == EMAIL
    assert Registration.objects.filter(pk=elsewhere["registration"].pk).exists()
    assert Attendee.objects.get(pk=elsewhere["attendee"].pk).name == NAME
    assert NetworkMember.objects.filter(pk=elsewhere["member"].pk).exists()

    # The audit trail no longer names them: the member's rows are redacted.
    member_rows = AuditEvent.objects.filter(target_type="network.networkmember", target_id=str(somchai["member"].pk))
    assert member_rows.exists()
    assert all("สมชาย" not in row.target_repr for row in member_rows)
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert event.actor == staff_singburi and event.office_id == feedback.office_id
    assert event.data["counts"] == {"feedback": 1, "registrations": 1, "network": 1, "attendees": 1, **NOT_IN_NEW_APPS}
    assert event.data["audit_rows_redacted"] >= 1


def test_unticked_records_and_texts_are_left_alone(client_for, somchai):
    client = client_for("staff_singburi")
    page = client.post(ERASE, {"email": EMAIL, "phone": PHONE})
    form = page.context["form"]
    pk = somchai["feedback"].pk
    records = [key for key in form.initial["records"] if not key.startswith("attendees:")]
    redact = [key for key in form.initial["redact"] if key != f"feedback:{pk}:answer"]
    data = {"email": EMAIL, "phone": PHONE, "confirm": "True", "fingerprint": form.initial["fingerprint"]}
    response = client.post(ERASE, {**data, "records": records, "redact": redact})
    assert response.status_code == 302
    feedback = Feedback.objects.get(pk=pk)
    assert feedback.answer == somchai["feedback"].answer and "สมชาย" not in feedback.message
    assert Attendee.objects.get(pk=somchai["attendee"].pk).name == NAME


def test_records_that_changed_since_the_confirmation_are_not_erased(client_for, singburi, somchai):
    client = client_for("staff_singburi")
    page = client.post(ERASE, {"email": EMAIL, "phone": PHONE})
    form = page.context["form"]
    newer = FeedbackFactory(office=singburi, email=EMAIL)
    data = {"email": EMAIL, "phone": PHONE, "confirm": "True", "fingerprint": form.initial["fingerprint"]}
    response = client.post(ERASE, {**data, "records": form.initial["records"], "redact": form.initial["redact"]})
    assert response.status_code == 400
    assert f"feedback:{newer.pk}" in response.context["form"].initial["records"]  # shown now, ticked
    assert Feedback.objects.get(pk=somchai["feedback"].pk).email == EMAIL
    assert not AuditEvent.objects.filter(action="personal_data.erased").exists()


def test_nothing_ticked_erases_nothing(client_for, somchai):
    client = client_for("staff_singburi")
    form = client.post(ERASE, {"email": EMAIL}).context["form"]
    response = client.post(ERASE, {"email": EMAIL, "confirm": "True", "fingerprint": form.initial["fingerprint"]})
    assert response.status_code == 400 and response.context["form"].errors["records"]
    assert Feedback.objects.get(pk=somchai["feedback"].pk).email == EMAIL


def test_erase_without_a_search_goes_back_to_the_search(client_for, somchai):
    response = client_for("staff_singburi").post(ERASE, {"email": "", "phone": "", "confirm": "True"})
    assert response.status_code == 302 and response["Location"] == SEARCH
    assert Feedback.objects.get(pk=somchai["feedback"].pk).email == EMAIL


# --- Audit ---------------------------------------------------------------------------------


def test_search_copy_and_erasure_are_audited_without_the_personal_data(client_for, staff_singburi, somchai):
    client = client_for("staff_singburi")
    search(client, email=EMAIL, phone=PHONE)
    client.post(EXPORT, {"email": EMAIL, "phone": PHONE, "format": "csv"})
    confirm_all(client, {"email": EMAIL, "phone": PHONE})
    events = AuditEvent.objects.filter(action__startswith="personal_data.").order_by("pk")
    assert [(event.action, event.data.get("purpose", event.data.get("format"))) for event in events] == [
        ("personal_data.searched", "search"),
        ("personal_data.exported", "csv"),
        ("personal_data.searched", "erase"),
        ("personal_data.erased", None),
    ]
    for event in events:
        assert event.actor == staff_singburi and event.office.slug == "singburi"
        assert event.data["searched_by"] == ["email", "phone"]
        assert not any(secret in json.dumps(event.data, ensure_ascii=False) for secret in SECRETS)
        assert not any(secret in event.target_repr for secret in SECRETS)
    assert events[0].data["counts"] == {
        "feedback": 1,
        "registrations": 1,
        "network": 1,
        "attendees": 1,
        **NOT_IN_NEW_APPS,
    }


# --- The workspace link ------------------------------------------------------------------------


def test_the_feedback_workspace_links_to_personal_data_requests(client_for, singburi):
    html = client_for("staff_singburi").get(INBOX).content.decode()
    assert f'href="{SEARCH}"' in html


# --- Retention purge ---------------------------------------------------------------------------


@pytest.fixture
def old_meetings(singburi, chainat):
    """Sing Buri keeps people's details 30 days: one meeting ended 40 days ago, one 10 days ago."""
    singburi.feedback_retention_days = 30
    singburi.save(update_fields=["feedback_retention_days"])
    group = StakeholderGroupFactory(office=singburi)

    def meeting(office, days_ago, group):
        start = timezone.now() - datetime.timedelta(days=days_ago, hours=3)
        item = MeetingFactory(office=office, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        AttendanceFactory(meeting=item, group=group, invited=5, attended=4)
        Registration.objects.create(meeting=item, name="ผู้ลงทะเบียน", email=f"r{days_ago}@example.org")
        Attendee.objects.create(meeting=item, group=group, name="ผู้เข้าร่วม", organisation="โรงเรียน")
        return item

    return {
        "old": meeting(singburi, 40, group),
        "recent": meeting(singburi, 10, group),
        "chainat_old": meeting(chainat, 800, StakeholderGroupFactory(office=chainat)),
        "chainat_recent": meeting(chainat, 40, chainat.stakeholder_groups.first()),
    }


def test_the_purge_clears_registrations_and_attendees_after_the_retention(old_meetings):
    out = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=out)
    assert (
        "singburi: 2 would be cleared (feedback 0, registrations 1, attendees 1, "
        "hearing_comments 0, join_requests 0, subscriptions 0)" in out.getvalue().splitlines()
    )
    assert Registration.objects.count() == 4

    call_command("purge_feedback_contacts", stdout=io.StringIO())
    old, recent = old_meetings["old"], old_meetings["recent"]
    assert not old.registrations.exists() and recent.registrations.count() == 1
    assert [(a.name, a.organisation) for a in old.attendees.all()] == [(removed_mark(), "")]
    assert recent.attendees.get().name == "ผู้เข้าร่วม"
    # Chai Nat keeps the default 730 days.
    assert not old_meetings["chainat_old"].registrations.exists()
    assert old_meetings["chainat_recent"].registrations.exists()
    # The figures stay.
    assert old.attendees.count() == 1
    assert list(old.attendance.values_list("invited", "attended")) == [(5, 4)]
    assert AuditEvent.objects.get(action="meeting.registrations_purged", office=old.office).data["count"] == 1
    assert AuditEvent.objects.get(action="meeting.attendees_purged", office=old.office).data["count"] == 1
    again = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=again)
    assert (
        "singburi: 0 would be cleared (feedback 0, registrations 0, attendees 0, "
        "hearing_comments 0, join_requests 0, subscriptions 0)" in again.getvalue().splitlines()
    )


def test_the_audit_trail_keeps_other_people_who_share_a_given_name(client_for, staff_singburi, singburi, somchai):
    group = singburi.stakeholder_groups.first()
    namesake = network_services.member_create(office=singburi, actor=staff_singburi, group=group, name="สมชาย มีทรัพย์")
    confirm_all(client_for("staff_singburi"), {"email": EMAIL, "phone": PHONE})
    row = AuditEvent.objects.get(target_type="network.networkmember", target_id=str(namesake.pk))
    assert row.target_repr == "สมชาย มีทรัพย์"
    assert NetworkMember.objects.filter(pk=namesake.pk).exists()


# --- Hearings and working groups -----------------------------------------------------------------


@pytest.fixture
def somchai_in_groups(singburi, chainat, staff_singburi, staff_other_office):
    """Somchai commented on a hearing, asked to join a working group and sits in another; Somsri beside
    him; Chai Nat keeps the same details, which Sing Buri never sees."""
    from participation.groups.models import GroupMember, JoinRequest
    from tests.groups.helpers import make_group
    from tests.hearings.helpers import comment, make_hearing

    group = singburi.stakeholder_groups.first()
    hearing = make_hearing(singburi, staff_singburi, status="closed")
    text = "ผม สมชาย ใจดี เห็นด้วยกับหมวด 2 ติดต่อ somchai@example.org"
    working = make_group(singburi, staff_singburi)
    other_working = make_group(singburi, staff_singburi, name="คณะกรรมการสถานศึกษา")
    chainat_hearing = make_hearing(chainat, staff_other_office, status="closed")
    chainat_working = make_group(chainat, staff_other_office)

    def member(group_, **data):
        values = {"name": NAME, "role": GroupMember.Role.VICE_CHAIR, "term_starts_on": datetime.date(2024, 10, 15)}
        return GroupMember.objects.create(group=group_, **{**values, **data})

    def request(group_, **data):
        values = {"name": "สมชาย ใจดี", "email": EMAIL, "phone": PHONE, "organisation": "ชมรม", "motivation": "อยากช่วย"}
        return JoinRequest.objects.create(group=group_, **{**values, **data})

    return {
        "hearing": hearing,
        "comment": comment(hearing, text, name=NAME, organisation="ชมรมผู้ปกครอง", email=EMAIL, group=group),
        "request": request(working),
        "member": member(other_working, email="", phone="+66 81 234 5678", name_public=True),
        "others": {
            "comment": comment(hearing, "ไม่เห็นด้วย", name="นางสมศรี มีสุข", email="somsri@example.org", group=group),
            "request": request(working, name="สมศรี มีสุข", email="somsri@example.org", phone="0899999999"),
            "member": member(other_working, name="นางสมศรี มีสุข", phone="0899999999", role=GroupMember.Role.CHAIR),
        },
        "elsewhere": {
            "comment": comment(chainat_hearing, text, name=NAME, email=EMAIL),
            "request": request(chainat_working),
            "member": member(chainat_working, email=EMAIL, phone=PHONE),
        },
    }


NEW_KINDS = ("hearing_comments", "join_requests", "group_members")


def test_a_person_is_found_in_hearing_comments_join_requests_and_groups(client_for, somchai_in_groups):
    mine = somchai_in_groups
    for person in ({"email": EMAIL, "phone": PHONE}, {"name": "สมชาย  ใจดี"}):
        keys = found_keys(search(client_for("staff_singburi"), **person))
        assert {kind: keys[kind] for kind in NEW_KINDS} == {
            "hearing_comments": {mine["comment"].pk},
            "join_requests": {mine["request"].pk},
            "group_members": {mine["member"].pk},
        }, person


def test_another_offices_hearings_and_groups_are_never_found(client_for, somchai_in_groups):
    response = search(client_for("staff_singburi"), email=EMAIL, phone=PHONE, name=NAME)
    found = {(group.source.key, record.pk) for group in response.context["findings"].groups for record in group.records}
    elsewhere = somchai_in_groups["elsewhere"]
    for kind, key in zip(NEW_KINDS, ("comment", "request", "member"), strict=True):
        assert (kind, elsewhere[key].pk) not in found
        assert (kind, somchai_in_groups["others"][key].pk) not in found


def test_the_copy_has_the_comment_the_request_and_the_membership(client_for, somchai_in_groups):
    response = client_for("staff_singburi").post(EXPORT, {"email": EMAIL, "phone": PHONE, "name": "", "format": "json"})
    records = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)["records"]
    kinds = {record["kind"] for record in records}
    assert set(NEW_KINDS) <= kinds
    assert any(record.get("comment", "").startswith("ผม สมชาย") for record in records)


def test_erasing_removes_the_person_from_hearings_and_groups_and_keeps_the_counts(client_for, somchai_in_groups):
    from participation.groups.models import GroupMember, JoinRequest
    from participation.hearings.models import HearingComment

    mine = somchai_in_groups
    hearing = mine["hearing"]
    counted = hearing.comments.counted().count()
    _page, response = confirm_all(client_for("staff_singburi"), {"email": EMAIL, "phone": PHONE})
    assert response.status_code == 302

    comment = HearingComment.objects.get(pk=mine["comment"].pk)
    assert (comment.name, comment.organisation, comment.email) == ("", "", "")
    assert not any(secret in comment.body for secret in SECRETS), comment.body
    assert removed_mark(comment.language) in comment.body and "เห็นด้วยกับหมวด 2" in comment.body
    assert comment.group_id == mine["comment"].group_id and comment.status == mine["comment"].status
    assert hearing.comments.counted().count() == counted

    assert not JoinRequest.objects.filter(pk=mine["request"].pk).exists()
    member = GroupMember.objects.get(pk=mine["member"].pk)
    assert (member.name, member.email, member.phone, member.name_public) == (removed_mark(), "", "", False)
    assert member.role == GroupMember.Role.VICE_CHAIR and member.group.members.count() == 2

    for key in ("comment", "request", "member"):
        model = {"comment": HearingComment, "request": JoinRequest, "member": GroupMember}[key]
        for kept in (mine["others"][key], mine["elsewhere"][key]):
            assert model.objects.get(pk=kept.pk).name == kept.name
    assert HearingComment.objects.get(pk=mine["elsewhere"]["comment"].pk).email == EMAIL

    event = AuditEvent.objects.get(action="personal_data.erased")
    assert {kind: event.data["counts"][kind] for kind in NEW_KINDS} == dict.fromkeys(NEW_KINDS, 1)
    # Erased once: searching again finds nothing in the new kinds.
    keys = found_keys(search(client_for("staff_singburi"), email=EMAIL, phone=PHONE, name=NAME))
    assert all(not keys[kind] for kind in NEW_KINDS)


def test_the_purge_clears_commenters_emails_and_decided_requests_after_the_retention(singburi, chainat, staff_singburi):
    from participation.groups.models import JoinRequest
    from tests.groups.helpers import make_group
    from tests.hearings.helpers import comment, make_hearing

    singburi.feedback_retention_days = 30
    singburi.save(update_fields=["feedback_retention_days"])
    now = timezone.now()
    old = make_hearing(singburi, staff_singburi, status="closed", opened_days_ago=80)
    type(old).objects.filter(pk=old.pk).update(closed_at=now - datetime.timedelta(days=40))
    recent = make_hearing(singburi, staff_singburi, status="closed")
    old_comment = comment(old, "ความเห็นเก่า", name="ผู้ให้ความเห็น", email="old@example.org")
    recent_comment = comment(recent, "ความเห็นใหม่", name="ผู้ให้ความเห็น", email="new@example.org")

    working = make_group(singburi, staff_singburi)

    def request(status, days_ago):
        decided = now - datetime.timedelta(days=days_ago) if days_ago is not None else None
        return JoinRequest.objects.create(
            group=working, name="ผู้ขอ", email="r@example.org", motivation="อยากช่วย", status=status, decided_at=decided
        )

    old_declined = request(JoinRequest.Status.DECLINED, 40)
    recent_declined = request(JoinRequest.Status.DECLINED, 10)
    pending = request(JoinRequest.Status.PENDING, None)
    type(pending).objects.filter(pk=pending.pk).update(created_at=now - datetime.timedelta(days=400))

    out = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=out)
    assert (
        "singburi: 2 would be cleared (feedback 0, registrations 0, attendees 0, "
        "hearing_comments 1, join_requests 1, subscriptions 0)" in (out.getvalue().splitlines())
    )
    call_command("purge_feedback_contacts", stdout=io.StringIO())
    old_comment.refresh_from_db()
    recent_comment.refresh_from_db()
    assert (old_comment.email, old_comment.name, old_comment.body) == ("", "ผู้ให้ความเห็น", "ความเห็นเก่า")
    assert recent_comment.email == "new@example.org"
    assert not JoinRequest.objects.filter(pk=old_declined.pk).exists()
    assert JoinRequest.objects.filter(pk__in=[recent_declined.pk, pending.pk]).count() == 2
    assert AuditEvent.objects.get(action="hearing.emails_purged", office=singburi).data["count"] == 1
    assert AuditEvent.objects.get(action="group.join_requests_purged", office=singburi).data["count"] == 1
