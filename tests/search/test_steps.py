"""How search reads a kind in steps (the newest records one by one, the next ones for a frequent word, then
the trigram index): whichever step finds them, the candidates are the newest matches, title matches first,
in the same number of queries. The steps are made small here, so that a few dozen records cross them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements.models import Announcement
from participation import searching
from participation.searchindexes import AddTrigramIndex
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

RARE, FREQUENT, OLD = "ดาวเทียมสมศรี", "ภาคีเครือข่าย", "ปีงบประมาณ2567"


@pytest.fixture
def small_steps(monkeypatch):
    """A window of 4 records, the next 8 for a word found in one of them (cap 2 per call below)."""
    monkeypatch.setattr(searching, "WINDOW", 4)
    monkeypatch.setattr(searching, "FURTHER", 2)
    monkeypatch.setattr(searching, "FREQUENT", 4)
    searching._templates.clear()  # the steps' sizes are in the kept SQL
    yield
    searching._templates.clear()


@pytest.fixture
def records(singburi):
    """40 live announcements, one a day, newest first in the list: a frequent word in every third,
    a rare word in two, a word only in the ten oldest, and one title match among the oldest."""
    made = []
    for age in range(40):
        subject, body = f"ข่าวฉบับที่ {age}", "เนื้อหาทั่วไปของสำนักงาน"
        if age % 3 == 0:
            body += f" {FREQUENT}"
        if age in (17, 33):
            body += f" {RARE}"
        if age >= 30:
            body += f" {OLD}"
        if age == 36:
            subject = f"{FREQUENT} ฉบับเก่า"
        moment = timezone.now() - datetime.timedelta(days=age + 1)
        made.append(
            AnnouncementFactory(
                office=singburi,
                status=Announcement.Status.PUBLISHED,
                published_at=moment,
                announced_on=moment.date(),
                subject=subject,
                body=body,
            )
        )
    return made


def expected(records, word, cap):
    """The newest `cap` records holding the word, title matches first (what reading them all gives)."""
    matching = [(a.pk, word in a.subject) for a in records if word in f"{a.subject} {a.body}"][:cap]
    return sorted(matching, key=lambda row: not row[1])


@pytest.mark.parametrize("word", [RARE, FREQUENT, OLD])
@pytest.mark.parametrize("cap", [1, 3, 20])
def test_every_step_gives_the_newest_matches(small_steps, records, word, cap):
    source = searching.source("announcements")
    got = searching.candidates(source, searching.parse_query(word), searching.Scope(), cap=cap)
    assert got == expected(records, word, cap)


def test_a_word_only_in_older_records_is_found_past_the_window(small_steps, records):
    """The window and the next records hold none of it: the index finds the older ones, newest first."""
    source = searching.source("announcements")
    got = searching.candidates(source, searching.parse_query(OLD), searching.Scope(), cap=5)
    assert [pk for pk, _ in got] == [a.pk for a in records[30:35]]


def test_one_statement_whichever_step_finds_the_words(small_steps, records, client, settings):
    """A frequent word, a rare one and one only in older records: the same queries for each page."""
    settings.PAGE_CACHE_SECONDS = 0

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", params).status_code == 200
        return len(captured)

    for params in ({}, {"kind": "announcements"}):
        counts = {word: queries({"q": word, **params}) for word in (RARE, FREQUENT, OLD)}
        assert len(set(counts.values())) == 1, counts


def test_the_search_form_keeps_what_was_chosen(client, singburi):
    year = searching.Scope().fiscal_year or 2568
    response = client.get("/search/", {"q": "ข่าว", "kind": "announcements", "year": year})
    page = response.content.decode()
    assert '<option value="announcements" selected>' in page
    assert f'<option value="{year}" selected>' in page
    assert '<select name="kind" class="form-select" id="id_kind">' in page


def test_a_partial_trigram_index_names_its_condition():
    """The index of published answers only (feedback's migration 0010): the public's search reads
    about a third of the feedback, and the index of every item handed it the rest too."""
    from django.apps import apps
    from django.db.models import Q

    operation = AddTrigramIndex(
        model_name="feedback",
        name="feedback_answers_search",
        fields=["subject", "message", "answer"],
        condition=Q(answer_public=True, status__in=["answered", "closed"]) & ~Q(kind="misconduct"),
    )
    editor = connection.SchemaEditorClass(connection, collect_sql=True)  # only to quote: nothing runs
    sql = operation.sql(apps.get_model("feedback", "Feedback"), editor)
    assert sql.startswith('CREATE INDEX IF NOT EXISTS "feedback_answers_search" ON "feedback_feedback" USING gin')
    assert "WHERE" in sql and "answer_public" in sql and "'misconduct'" in sql
    assert operation.deconstruct()[2]["condition"] == operation.condition


def test_an_index_built_concurrently_says_so_and_its_migration_is_not_atomic():
    """A table already large in production (feedback) gets its index without blocking writes."""
    from django.apps import apps

    from participation.feedback.migrations import __name__ as package

    migration = __import__(f"{package}.0010_search_answers_trigram_index", fromlist=["Migration"]).Migration
    (operation,) = migration.operations
    editor = connection.SchemaEditorClass(connection, collect_sql=True)  # only to quote: nothing runs
    assert operation.sql(apps.get_model("feedback", "Feedback"), editor).startswith(
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "feedback_answers_search"'
    )
    assert migration.atomic is False and operation.deconstruct()[2]["concurrently"] is True
