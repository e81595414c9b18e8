"""The public feedback reports: "you said, we did", and the year's figures and their CSV.

Sentences are compared with what gettext gives in the page's language, so the tests hold before
and after the Thai catalogue is filled in.
"""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from participation.feedback.models import Feedback
from participation.fiscal import current_fiscal_year
from tests.conftest import PERSONAS
from tests.factories import OfficeFactory
from tests.feedback.helpers import PUBLIC_PAGES, WORKSPACE_PAGES, C, K, S, feedback, fill
from tests.helpers import FY

pytestmark = pytest.mark.django_db

NO_COMPLAINTS = "No complaints were received in this period."


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


# --- The figures ------------------------------------------------------------------------


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
    assert len(rows[0]) == 11
    year, first, second = rows[1:4]
    assert year[2:] == ["4", "3", "2", "66.7", "5", "4", "2"]
    assert first[2:] == ["2", "2", "1", "50", "17", "4", "2"]
    assert second[2:] == ["2", "1", "1", "100", "2", "", "0"]
    kinds = len(K.values) - 1
    assert len(rows) == 1 + 3 + kinds + len(C.values) + 12 + 3
    months = rows[1 + 3 + kinds + len(C.values) : -3]
    assert [row[2] for row in months] == ["1", "1", "0", "0", "0", "0", "1", "1", "0", "0", "0", "0"]
    # Reports of misconduct: their own rows, counts only (received, in progress, finished).
    # The fixture's one report (second half, answered) and nothing of what it says.
    one, none = ["1", "", "", "", "", "", "", "0", "1"], ["0", "", "", "", "", "", "", "0", "0"]
    assert [row[2:] for row in rows[-3:]] == [one, none, one]


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
        response = client.get("/singburi/feedback/")
    assert response.status_code == 200
    table = Feedback._meta.db_table
    sql = " ".join(query["sql"] for query in queries if table in query["sql"])
    assert f'"{table}"."answer"' in sql  # the page did read the published answers
    for column in ('"name"', '"email"', '"phone"', '"message"'):
        assert f'"{table}".{column}' not in sql


def test_answers_are_paginated_by_20(client, singburi):
    fill(singburi, 37)  # two thirds answered: 24 published answers
    first = client.get("/singburi/feedback/")
    assert len(first.context["answers"]) == 20
    second = client.get("/singburi/feedback/?page=2")
    assert len(second.context["answers"]) == 4


def test_answers_page_with_nothing_published(client, singburi):
    response = client.get("/singburi/feedback/")
    assert response.status_code == 200
    assert list(response.context["answers"]) == []
