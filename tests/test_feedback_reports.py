"""Feedback reports: "you said, we did", the year's figures and their CSV, personal-data requests
in the workspace, and the daily commands (contact purge, overdue digest).

Sentences are compared with what gettext gives in the page's language, so the tests hold before
and after the Thai catalogue is filled in.
"""

import csv
import datetime
import io
import json
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from participation.feedback import stats as feedback_stats
from participation.feedback.management.commands.purge_feedback_contacts import Command
from participation.feedback.models import Feedback
from participation.fiscal import current_fiscal_year
from participation.models import AuditEvent
from tests.conftest import PERSONAS
from tests.factories import FeedbackFactory, OfficeFactory

pytestmark = pytest.mark.django_db

K, S, C = Feedback.Kind, Feedback.Status, Feedback.Channel
FY = 2568  # 1 October 2024 – 30 September 2025
NO_COMPLAINTS = "No complaints were received in this period."

PUBLIC_PAGES = {
    "feedback:answers": "/{office}/feedback/",
    "feedback:stats": "/{office}/feedback/stats/",
    "feedback:stats_csv": "/{office}/feedback/stats.csv",
}
WORKSPACE_PAGES = {
    "feedback:manage_personal_data": "/manage/{office}/feedback/personal-data/",
    "feedback:manage_personal_data_erase": "/manage/{office}/feedback/personal-data/erase/",
}
WORKSPACE_STATUS = {
    "citizen": 302,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 404,
    "site_admin": 200,
}


def bangkok(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=feedback_stats.BANGKOK)


def feedback(office, *, received: datetime.date, answered: datetime.datetime | None = None, **fields) -> Feedback:
    """Feedback received on a day and perhaps answered at a time (answered ones are marked answered)."""
    if answered is not None:
        fields.setdefault("status", S.ANSWERED)
        fields.setdefault("answer", "คำตอบของสำนักงาน")
    return FeedbackFactory(office=office, received_on=received, answered_at=answered, **fields)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


# --- Addresses and permissions ----------------------------------------------------------


def test_url_names_reverse_to_the_documented_paths():
    for name, path in {**PUBLIC_PAGES, **WORKSPACE_PAGES}.items():
        assert reverse(name, kwargs={"office": "singburi"}) == path.format(office="singburi")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_open_to_everyone(client_for, persona, name):
    client = client_for(persona)
    assert client.get(PUBLIC_PAGES[name].format(office="singburi")).status_code == 200
    assert client.get(PUBLIC_PAGES[name].format(office="chainat")).status_code == 200


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_of_unknown_or_hidden_offices_are_404(client, name):
    OfficeFactory(slug="hidden", is_active=False)
    assert client.get(PUBLIC_PAGES[name].format(office="hidden")).status_code == 404
    assert client.get(PUBLIC_PAGES[name].format(office="nowhere")).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_workspace_pages_by_persona(client_for, persona, name):
    client = client_for(persona)
    url = WORKSPACE_PAGES[name].format(office="singburi") + "?email=somchai@example.org"
    response = client.get(url)
    assert response.status_code == WORKSPACE_STATUS[persona]
    if persona == "citizen":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["citizen", "staff_other_office"])
def test_outsiders_cannot_erase(client_for, singburi, persona):
    item = FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย")
    response = client_for(persona).post(
        WORKSPACE_PAGES["feedback:manage_personal_data_erase"].format(office="singburi"),
        {"email": "somchai@example.org"},
    )
    assert response.status_code == WORKSPACE_STATUS[persona]
    item.refresh_from_db()
    assert item.email == "somchai@example.org" and item.name == "สมชาย"


def test_exports_are_404_for_another_office(client_for, singburi):
    FeedbackFactory(office=singburi, email="somchai@example.org")
    client = client_for("staff_other_office")
    for export in ("json", "csv"):
        url = f"/manage/singburi/feedback/personal-data/?format={export}&email=somchai@example.org"
        assert client.get(url).status_code == 404


# --- The figures ------------------------------------------------------------------------


@pytest.fixture
def year_of_feedback(singburi, chainat):
    """Four countable items of Sing Buri in FY 2568, and what must not be counted."""
    counted = [
        # First half: a complaint answered in 5 days, in time and rated 5; a suggestion by phone
        # answered in 29 days, late, rated 3.
        feedback(
            singburi,
            kind=K.COMPLAINT,
            received=datetime.date(2024, 10, 5),
            answered=bangkok(2024, 10, 10),
            rating=5,
        ),
        feedback(
            singburi,
            kind=K.SUGGESTION,
            channel=C.PHONE,
            received=datetime.date(2024, 11, 1),
            answered=bangkok(2024, 11, 30),
            rating=3,
        ),
        # Second half: a question not answered yet; an opinion answered in 2 days.
        feedback(singburi, kind=K.QUESTION, received=datetime.date(2025, 4, 10)),
        feedback(singburi, kind=K.OPINION, received=datetime.date(2025, 5, 1), answered=bangkok(2025, 5, 3)),
    ]
    # Not counted: spam, reports of misconduct, another office, other fiscal years.
    feedback(singburi, kind=K.COMPLAINT, status=S.SPAM, received=datetime.date(2025, 4, 1))
    feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2025, 4, 2), answered=bangkok(2025, 4, 3), rating=1)
    feedback(chainat, kind=K.COMPLAINT, received=datetime.date(2025, 1, 5), answered=bangkok(2025, 3, 1))
    feedback(singburi, kind=K.COMPLAINT, received=datetime.date(2024, 9, 30))
    feedback(singburi, kind=K.COMPLAINT, received=datetime.date(2025, 10, 1))
    return counted


def stats_of(office, year=FY):
    return feedback_stats.year_statistics(Feedback.objects.for_office(office), year)


def test_year_and_halves(singburi, year_of_feedback):
    stats = stats_of(singburi)
    year, first, second = stats.periods
    assert [p.key for p in stats.periods] == ["year", "first_half", "second_half"]
    assert (first.start, first.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 3, 31))
    assert (second.start, second.end) == (datetime.date(2025, 4, 1), datetime.date(2025, 9, 30))

    assert (year.received, year.answered, year.answered_in_time) == (4, 3, 2)
    assert year.in_time_percent == 66.7
    assert year.median_days == 5  # of 5, 29 and 2 days
    assert (year.ratings, year.average_rating) == (2, 4.0)
    assert year.complaints == 1

    assert (first.received, first.answered, first.answered_in_time, first.in_time_percent) == (2, 2, 1, 50.0)
    assert first.median_days == 17  # between 5 and 29
    assert first.complaints == 1

    assert (second.received, second.answered, second.answered_in_time, second.in_time_percent) == (2, 1, 1, 100.0)
    assert second.median_days == 2
    assert (second.ratings, second.average_rating) == (0, None)
    assert second.complaints == 0


def test_breakdowns(singburi, year_of_feedback):
    stats = stats_of(singburi)
    by_kind = {row.key: row for row in stats.by_kind}
    assert K.MISCONDUCT not in by_kind
    assert set(by_kind) == set(K.values) - {K.MISCONDUCT}
    assert (by_kind[K.COMPLAINT].received, by_kind[K.COMPLAINT].answered_in_time) == (1, 1)
    assert (by_kind[K.SUGGESTION].answered, by_kind[K.SUGGESTION].answered_in_time) == (1, 0)
    assert by_kind[K.COMPLIMENT].received == 0

    by_channel = {row.key: row.received for row in stats.by_channel}
    assert by_channel == {**dict.fromkeys(C.values, 0), C.WEB: 3, C.PHONE: 1}

    months = stats.by_month
    assert [row.key for row in months] == [
        datetime.date(2024, 10, 1),
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 1),
        *[datetime.date(2025, month, 1) for month in range(1, 10)],
    ]
    assert [row.received for row in months] == [1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert [row.answered for row in months] == [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def test_the_deadline_is_a_day_in_thailand(singburi):
    """Answered at 23:00 in Bangkok on the reply date is in time; at 01:00 the next day it is late,
    although both are on the reply date in UTC."""
    due = datetime.date(2024, 10, 20)
    received = datetime.date(2024, 10, 5)
    feedback(singburi, received=received, due_on=due, answered=datetime.datetime(2024, 10, 20, 16, tzinfo=datetime.UTC))
    feedback(singburi, received=received, due_on=due, answered=datetime.datetime(2024, 10, 20, 18, tzinfo=datetime.UTC))
    year = stats_of(singburi).year
    assert (year.answered, year.answered_in_time) == (2, 1)
    assert year.median_days == 15.5  # 15 and 16 days, counted in Bangkok


def test_an_empty_year(singburi):
    stats = stats_of(singburi)
    for period in stats.periods:
        assert (period.received, period.answered, period.complaints, period.ratings) == (0, 0, 0, 0)
        assert period.in_time_percent is period.median_days is period.average_rating is None
    assert len(stats.by_month) == 12


def test_median():
    assert feedback_stats.median(Counter()) is None
    assert feedback_stats.median(Counter({3: 1})) == 3
    assert feedback_stats.median(Counter({1: 1, 10: 1})) == 5.5
    assert feedback_stats.median(Counter({0: 2, 4: 1, 9: 1})) == 2
    assert feedback_stats.median(Counter({2: 5, 100: 1})) == 2


def fill(office, count: int):
    """`count` answered and open items of every countable kind, spread over FY 2568."""
    kinds = [kind for kind in K.values if kind != K.MISCONDUCT]
    for n in range(count):
        received = datetime.date(2024, 10, 1) + datetime.timedelta(days=(n * 37) % 360)
        answered = bangkok(received.year, received.month, received.day) + datetime.timedelta(days=n % 20)
        feedback(
            office,
            kind=kinds[n % len(kinds)],
            channel=C.values[n % len(C.values)],
            received=received,
            answered=answered if n % 3 else None,
            rating=(n % 5) + 1 if n % 3 else None,
            answer_public=True,
            name=f"ผู้ส่ง {n}",
            email=f"sender{n}@example.org",
            phone=f"08{n:08d}",
        )


def test_the_figures_take_a_fixed_number_of_queries(singburi):
    fill(singburi, 3)
    with CaptureQueriesContext(connection) as small:
        stats_of(singburi)
    fill(singburi, 60)
    with CaptureQueriesContext(connection) as large:
        stats_of(singburi)
    assert len(small) == len(large) == 5


def test_stats_page_runs_a_fixed_number_of_queries(client, singburi):
    url = f"/singburi/feedback/stats/?year={FY}"
    fill(singburi, 3)
    small = count_queries(client, url)
    fill(singburi, 60)
    assert count_queries(client, url) == small


def test_stats_page_shows_the_figures(client, singburi, year_of_feedback):
    response = client.get(f"/singburi/feedback/stats/?year={FY}")
    assert response.context["fiscal_year"] == FY
    assert response.context["active_section"] == "feedback"
    page = response.content.decode()
    assert "66.7%" in page and "<caption>" in page and 'scope="row"' in page and 'scope="col"' in page
    # Never a row of its own (the page may name the kind only to say it is not counted).
    assert not re.search(r'scope="row"[^>]*>\s*' + re.escape(str(K.MISCONDUCT.label)), page)
    # The second half had no complaints, and says so; the other periods had one each.
    assert page.count(gettext_in("th", NO_COMPLAINTS)) == 1
    assert "ตุลาคม 2567" in page and "กันยายน 2568" in page  # the months on a Thai page


def test_stats_say_when_no_complaints_came_in_thai_and_english(client, singburi):
    feedback(singburi, kind=K.COMPLAINT, status=S.SPAM, received=datetime.date(2024, 12, 1))
    feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2024, 12, 2))
    thai = client.get(f"/singburi/feedback/stats/?year={FY}").content.decode()
    assert thai.count(gettext_in("th", NO_COMPLAINTS)) == 3  # the year and both halves
    english = client.get(f"/en/singburi/feedback/stats/?year={FY}").content.decode()
    assert english.count(NO_COMPLAINTS) == 3
    assert "October 2024" in english and "September 2025" in english


@pytest.mark.parametrize("year", ["", "abc", "2400", "9999", "2568.5"])
def test_a_missing_or_invalid_year_is_the_current_one(client, singburi, year):
    response = client.get(f"/singburi/feedback/stats/?year={year}")
    assert response.status_code == 200
    assert response.context["fiscal_year"] == current_fiscal_year()


def test_stats_csv(client, singburi, year_of_feedback):
    response = client.get(f"/singburi/feedback/stats.csv?year={FY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="feedback-singburi-{FY}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 9
    year, first, second = rows[1:4]
    assert year[2:] == ["4", "3", "2", "66.7", "5", "4", "2"]
    assert first[2:] == ["2", "2", "1", "50", "17", "4", "2"]
    assert second[2:] == ["2", "1", "1", "100", "2", "", "0"]
    kinds = len(K.values) - 1
    assert len(rows) == 1 + 3 + kinds + len(C.values) + 12
    months = rows[1 + 3 + kinds + len(C.values) :]
    assert [row[2] for row in months] == ["1", "1", "0", "0", "0", "0", "1", "1", "0", "0", "0", "0"]
    assert str(K.MISCONDUCT.label) not in response.content.decode("utf-8-sig")


def test_stats_csv_of_an_invalid_year_is_the_current_one(client, singburi):
    response = client.get("/singburi/feedback/stats.csv?year=nonsense")
    assert f"feedback-singburi-{current_fiscal_year()}.csv" in response["Content-Disposition"]


# --- You said, we did -------------------------------------------------------------------


def test_answers_show_published_answers_and_nothing_personal(client, singburi, chainat):
    today = timezone.localdate()
    shown = feedback(
        singburi,
        kind=K.QUESTION,
        subject="ถนนหน้าโรงเรียนชำรุด",
        message="ข้อความส่วนตัว บ้านเลขที่ 99",
        name="นายสมชาย ใจดี",
        email="somchai@example.org",
        phone="0812345678",
        received=today - datetime.timedelta(days=3),
        answered=timezone.now(),
        answer="ซ่อมแล้วเมื่อวันจันทร์",
        answer_public=True,
    )
    closed = feedback(
        singburi,
        subject="ขอบคุณสำหรับคำตอบ",
        status=S.CLOSED,
        received=today - datetime.timedelta(days=9),
        answered=timezone.now() - datetime.timedelta(days=2),
        answer_public=True,
    )
    feedback(singburi, subject="คำตอบที่ไม่เผยแพร่", received=today, answered=timezone.now(), answer_public=False)
    feedback(singburi, subject="ยังไม่ได้ตอบ", received=today, answer_public=True)
    feedback(
        singburi,
        kind=K.MISCONDUCT,
        subject="แจ้งเบาะแสทุจริต",
        received=today,
        answered=timezone.now(),
        answer="คำตอบเรื่องทุจริต",
        answer_public=True,
    )
    feedback(chainat, subject="เรื่องของชัยนาท", received=today, answered=timezone.now(), answer_public=True)

    response = client.get("/singburi/feedback/")
    assert response.status_code == 200
    assert response.context["active_section"] == "feedback"
    assert [item.pk for item in response.context["answers"]] == [shown.pk, closed.pk]  # newest answer first
    page = response.content.decode()
    assert "ถนนหน้าโรงเรียนชำรุด" in page and "ซ่อมแล้วเมื่อวันจันทร์" in page
    assert str(K.QUESTION.label) in page or gettext_in("th", "Question") in page
    for private in (
        "นายสมชาย",
        "somchai@example.org",
        "0812345678",
        "ข้อความส่วนตัว",
        "คำตอบที่ไม่เผยแพร่",
        "ยังไม่ได้ตอบ",
        "แจ้งเบาะแสทุจริต",
        "คำตอบเรื่องทุจริต",
        "เรื่องของชัยนาท",
    ):
        assert private not in page
    assert reverse("feedback:new", kwargs={"office": "singburi"}) in page


def test_answers_never_read_personal_columns(client, singburi):
    feedback(singburi, received=timezone.localdate(), answered=timezone.now(), answer_public=True)
    with CaptureQueriesContext(connection) as queries:
        client.get("/singburi/feedback/")
    sql = " ".join(query["sql"] for query in queries if "participation_feedback" in query["sql"])
    for column in ('"name"', '"email"', '"phone"', '"message"'):
        assert f'"participation_feedback".{column}' not in sql


def test_answers_are_paginated_by_20(client, singburi):
    fill(singburi, 37)  # two thirds answered: 24 published answers
    first = client.get("/singburi/feedback/")
    assert len(first.context["answers"]) == 20
    second = client.get("/singburi/feedback/?page=2")
    assert len(second.context["answers"]) == 4


def test_answers_page_runs_a_fixed_number_of_queries(client, singburi):
    fill(singburi, 4)
    small = count_queries(client, "/singburi/feedback/")
    fill(singburi, 60)
    assert count_queries(client, "/singburi/feedback/") == small


def test_answers_page_with_nothing_published(client, singburi):
    response = client.get("/singburi/feedback/")
    assert response.status_code == 200
    assert list(response.context["answers"]) == []


# --- Personal data requests -------------------------------------------------------------

PERSONAL = "/manage/singburi/feedback/personal-data/"
ERASE = "/manage/singburi/feedback/personal-data/erase/"


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


def test_search_by_email_hides_misconduct_from_staff(client_for, person):
    response = client_for("staff_singburi").get(PERSONAL + "?email=SOMCHAI@example.org")
    assert response.status_code == 200
    assert [item.pk for item in response.context["items"]] == [person["own"].pk]
    assert "เบาะแสของสมชาย" not in response.content.decode()


def test_search_shows_misconduct_to_the_director(client_for, person):
    response = client_for("director_singburi").get(PERSONAL + "?email=somchai@example.org")
    assert {item.pk for item in response.context["items"]} == {person["own"].pk, person["misconduct"].pk}


def test_search_by_phone(client_for, person):
    response = client_for("staff_singburi").get(PERSONAL + "?phone=081-234-5678")
    assert [item.pk for item in response.context["items"]] == [person["own"].pk]


def test_search_needs_an_email_or_a_phone(client_for, person):
    client = client_for("staff_singburi")
    assert client.get(PERSONAL).status_code == 200  # the empty form
    response = client.get(PERSONAL + "?email=&phone=&format=json")
    assert response.status_code == 400
    assert "items" not in response.context
    assert client.get(PERSONAL + "?email=not-an-address").status_code == 400


def test_json_export(client_for, person):
    response = client_for("staff_singburi").get(PERSONAL + "?format=json&email=somchai@example.org")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-singburi-')
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    assert document["office"] == "singburi"
    assert [item["tracking_code"] for item in document["feedback"]] == [person["own"].tracking_code]
    (record,) = document["feedback"]
    assert record["name"] == "นายสมชาย ใจดี" and record["phone"] == "0812345678"
    assert record["subject"] == "ข้อเสนอแนะของสมชาย" and record["message"] == person["own"].message
    assert person["misconduct"].tracking_code not in response.content.decode()


def test_json_export_for_the_director_has_the_misconduct_report(client_for, person):
    response = client_for("director_singburi").get(PERSONAL + "?format=json&email=somchai@example.org")
    codes = {item["tracking_code"] for item in json.loads(response.content)["feedback"]}
    assert codes == {person["own"].tracking_code, person["misconduct"].tracking_code}


def test_csv_export(client_for, person):
    response = client_for("staff_singburi").get(PERSONAL + "?format=csv&email=somchai@example.org")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["tracking_code"] for row in rows] == [person["own"].tracking_code]
    assert rows[0]["email"] == "somchai@example.org" and rows[0]["name"] == "นายสมชาย ใจดี"


def test_erase_confirmation_counts_what_will_be_erased(client_for, person):
    response = client_for("staff_singburi").get(ERASE + "?email=somchai@example.org")
    assert response.status_code == 200
    assert response.context["count"] == 1  # the report of misconduct is not the staff member's to erase
    assert 'type="hidden"' in response.content.decode() and "somchai@example.org" in response.content.decode()
    assert client_for("director_singburi").get(ERASE + "?email=somchai@example.org").context["count"] == 2
    person["own"].refresh_from_db()
    assert person["own"].email == "somchai@example.org"  # GET changes nothing


def test_erase_without_a_search_goes_back_to_the_search(client_for, person):
    response = client_for("staff_singburi").get(ERASE)
    assert response.status_code == 302 and response["Location"] == PERSONAL


def test_erase_removes_the_contact_details_and_is_audited(client_for, staff_singburi, person):
    response = client_for("staff_singburi").post(ERASE, {"email": "somchai@example.org", "phone": ""})
    assert response.status_code == 302 and response["Location"] == PERSONAL
    own = Feedback.objects.get(pk=person["own"].pk)
    assert (own.name, own.email, own.phone) == ("", "", "")
    assert own.contact_erased_at is not None
    assert own.subject == "ข้อเสนอแนะของสมชาย"  # the feedback itself stays
    for untouched in ("misconduct", "other_person", "other_office"):
        item = Feedback.objects.get(pk=person[untouched].pk)
        assert item.email and item.contact_erased_at is None
    event = AuditEvent.objects.get(action="feedback.person_erased")
    assert (event.actor, event.office_id, event.data["count"]) == (staff_singburi, own.office_id, 1)


def test_the_director_erases_the_misconduct_report_too(client_for, person):
    client_for("director_singburi").post(ERASE, {"email": "somchai@example.org"})
    assert Feedback.objects.get(pk=person["misconduct"].pk).email == ""
    assert Feedback.objects.get(pk=person["other_office"].pk).email == "somchai@example.org"


def test_erase_with_nothing_to_match_changes_nothing(client_for, person):
    response = client_for("staff_singburi").post(ERASE, {"email": "", "phone": ""})
    assert response.status_code == 200
    assert not Feedback.objects.filter(email="").exists()
    assert not AuditEvent.objects.filter(action="feedback.person_erased").exists()


# --- Commands -----------------------------------------------------------------------------


@pytest.fixture
def retention(singburi, chainat):
    """Sing Buri keeps contact details 30 days after closing; Chai Nat the default 730."""
    singburi.feedback_retention_days = 30
    singburi.save(update_fields=["feedback_retention_days"])
    now = timezone.now()
    received = timezone.localdate() - datetime.timedelta(days=100)

    def make(office, status, closed_days_ago=None, **fields):
        closed_at = now - datetime.timedelta(days=closed_days_ago) if closed_days_ago is not None else None
        fields = {"name": "ผู้ส่ง", "email": "sender@example.org", "phone": "0811111111", **fields}
        return FeedbackFactory(office=office, status=status, closed_at=closed_at, received_on=received, **fields)

    items = {
        "old_closed": make(singburi, S.CLOSED, 40),
        "recent_closed": make(singburi, S.CLOSED, 10),
        "old_open": make(singburi, S.IN_PROGRESS),
        "old_answered": make(singburi, S.ANSWERED),
        "old_spam": make(singburi, S.SPAM),
        "chainat_closed": make(chainat, S.CLOSED, 40),
    }
    # Spam has no closing time: its last change counts.
    Feedback.objects.filter(pk__in=[items["old_spam"].pk, items["old_open"].pk, items["old_answered"].pk]).update(
        updated_at=now - datetime.timedelta(days=40)
    )
    return items


def contacts(items) -> dict:
    return {key: Feedback.objects.values_list("name", "email", "phone").get(pk=item.pk) for key, item in items.items()}


def test_purge_dry_run_counts_and_changes_nothing(retention):
    before = contacts(retention)
    out = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=out)
    assert contacts(retention) == before
    assert not AuditEvent.objects.filter(action="feedback.contacts_purged").exists()
    lines = out.getvalue().splitlines()
    assert "singburi: 2 would be cleared" in lines
    assert "chainat: 0 would be cleared" in lines


def test_purge_clears_only_closed_feedback_past_the_retention(retention):
    out = io.StringIO()
    call_command("purge_feedback_contacts", stdout=out)
    assert "singburi: 2 cleared" in out.getvalue().splitlines()
    after = contacts(retention)
    assert after["old_closed"] == after["old_spam"] == ("", "", "")
    for kept in ("recent_closed", "old_open", "old_answered", "chainat_closed"):
        assert after[kept] == ("ผู้ส่ง", "sender@example.org", "0811111111")
    assert Feedback.objects.get(pk=retention["old_closed"].pk).contact_erased_at is not None
    event = AuditEvent.objects.get(action="feedback.contacts_purged")
    assert event.data["count"] == 2
    # Nothing is left to clear: a second run and a dry run find nothing.
    again = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=again)
    assert "singburi: 0 would be cleared" in again.getvalue().splitlines()


def test_the_purge_command_says_it_runs_daily():
    assert "daily" in Command.help


def test_digest_is_queued_only_for_offices_with_overdue_feedback(singburi, chainat):
    today = timezone.localdate()
    late = today - datetime.timedelta(days=1)
    FeedbackFactory(office=singburi, status=S.RECEIVED, received_on=late - datetime.timedelta(days=15), due_on=late)
    FeedbackFactory(office=singburi, status=S.IN_PROGRESS, received_on=today, due_on=late)
    # Chai Nat: open but not yet due, and overdue but answered.
    FeedbackFactory(office=chainat, status=S.RECEIVED, received_on=today, due_on=today)
    FeedbackFactory(office=chainat, status=S.ANSWERED, received_on=today, due_on=late, answered_at=timezone.now())
    hidden = OfficeFactory(slug="hidden", is_active=False)
    FeedbackFactory(office=hidden, status=S.RECEIVED, received_on=today, due_on=late)

    before = DBTaskResult.objects.count()
    out = io.StringIO()
    call_command("send_feedback_digest", stdout=out)
    queued = DBTaskResult.objects.order_by("enqueued_at")[before:]
    assert [(task.task_path.rsplit(".", 1)[-1], task.args_kwargs["kwargs"]) for task in queued] == [
        ("send_overdue_digest", {"office_id": singburi.pk})
    ]
    assert "singburi: digest queued" in out.getvalue().splitlines()


def test_digest_finds_the_offices_in_one_query(singburi, chainat):
    late = timezone.localdate() - datetime.timedelta(days=1)
    FeedbackFactory(office=singburi, received_on=late, due_on=late)
    FeedbackFactory(office=chainat, received_on=late, due_on=late)
    with CaptureQueriesContext(connection) as queries:
        call_command("send_feedback_digest", stdout=io.StringIO())
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 1
    assert DBTaskResult.objects.count() == 2


@pytest.mark.parametrize("query", ["?email=somchai@example.org", "?format=json&email=somchai@example.org"])
def test_personal_data_pages_run_a_fixed_number_of_queries(client_for, singburi, query):
    client = client_for("staff_singburi")
    FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย")
    small = count_queries(client, PERSONAL + query)
    for _n in range(15):
        FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย")
    assert count_queries(client, PERSONAL + query) == small
