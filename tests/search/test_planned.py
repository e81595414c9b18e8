"""Search's statements planned once per connection (participation.plannedsql): the same rows as sent plain,
one query each time, prepared again on a new connection, and the plain path on SQLite or when turned off."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation import plannedsql, searching

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")

SQL = "SELECT %s::int + 1 AS n, %s AS flag, %s AS word WHERE 'a%%b' LIKE %s AND %s::date + %s <= %s::date"


def params(word="x"):
    today = datetime.date(2026, 1, 1)
    return (41, True, word, "a%", today, 0, today)


def plain(sql, values):
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


@postgresql_only
def test_a_statement_is_prepared_once_and_gives_the_plain_rows():
    plannedsql._kept().clear()
    with CaptureQueriesContext(connection) as captured:
        first = plannedsql.rows(SQL, params())
        second = plannedsql.rows(SQL, params("y"))
    assert first == plain(SQL, params()) == [(42, True, "x")]
    assert second == [(42, True, "y")]
    assert len(captured) == 2
    assert "PREPARE" in captured[0]["sql"]
    assert "PREPARE" not in captured[1]["sql"] and "EXECUTE" in captured[1]["sql"]


@postgresql_only
def test_a_new_connection_prepares_again():
    plannedsql.rows(SQL, params())
    connection._planned_statements = (object(), connection._planned_statements[1])  # as after a reconnection
    with CaptureQueriesContext(connection) as captured:
        assert plannedsql.rows(SQL, params()) == [(42, True, "x")]
    assert "PREPARE" in captured[0]["sql"]


@postgresql_only
def test_too_many_statements_are_forgotten_together(monkeypatch):
    monkeypatch.setattr(plannedsql, "MOST", 2)
    for number in range(5):
        assert plannedsql.rows(f"SELECT %s::int + {number}", (1,)) == [(1 + number,)]
    assert len(plannedsql._kept()) <= 2
    assert plannedsql.rows("SELECT %s::int + 0", (1,)) == [(1,)]


@postgresql_only
def test_fixed_values_are_written_in_and_typed_ones_kept():
    """The code's values (and an office's id) are written in; what people typed and the time are not."""
    now = timezone.now()
    sql, values = plannedsql.fixed(
        "SELECT 1 WHERE %s = 'a' AND %s LIKE %s AND %s AND x LIKE '%%' AND %s AND %s",
        ("it's", "abc", "%typed%", True, 7, now),
        varying={"%typed%"},
    )
    assert sql == "SELECT 1 WHERE 'it''s' = 'a' AND 'abc' LIKE %s AND true AND x LIKE '%%' AND 7 AND %s"
    assert values == ("%typed%", now)


def test_the_plain_path_when_statements_are_not_prepared(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    sql = "SELECT %s + 1"
    assert plannedsql.fixed(sql, (1,), varying=set()) == (sql, (1,))
    with CaptureQueriesContext(connection) as captured:
        assert plannedsql.rows(sql, (1,)) == [(2,)]
    assert "PREPARE" not in captured[0]["sql"] and "EXECUTE" not in captured[0]["sql"]


def test_a_public_search_finds_the_same_prepared_or_not(settings, corpus):
    """Every word, every scope: the candidates from a prepared statement are those sent plain."""
    scope = searching.Scope()
    words = ["ประกาศ", "ITA", "2568", "๒๕๖๘", "ถนน", "ประชุม", "กข", "100%", "ครู_ผู้ช่วย"]
    found = {}
    for prepared in (True, False):
        settings.DATABASE_PREPARED_STATEMENTS = prepared
        searching._templates.clear()
        for word in words:
            query = searching.parse_query(word)
            for registered in searching.sources():
                found[prepared, word, registered.key] = searching.candidates(registered, query, scope)
            found[prepared, word] = [
                (registered.key, [hit.url for hit in hits], more)
                for registered, hits, more in searching.search_all(query, scope, per_kind=5)
            ]
    searching._templates.clear()
    assert {key[1:]: value for key, value in found.items() if key[0]} == {
        key[1:]: value for key, value in found.items() if not key[0]
    }
    assert any(found[True, "ประกาศ"])


@postgresql_only
def test_a_statement_prepared_inside_a_rolled_back_transaction_still_runs():
    from django.db import transaction

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        plannedsql.rows("SELECT %s::int * 2", (2,))
        raise Undone
    assert plannedsql.rows("SELECT %s::int * 2", (3,)) == [(6,)]


def test_timestamps_keep_their_zone():
    now = timezone.now()
    assert plannedsql._type(now) == "timestamptz"
    assert plannedsql._type(now.replace(tzinfo=None)) == "timestamp"
    assert plannedsql._type(2**40) == "bigint"
