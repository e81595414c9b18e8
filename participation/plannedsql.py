"""Statements PostgreSQL plans once per connection: SQL whose planning costs more than running it.

Search's statements (participation.searching) are long — every kind's steps in one UNION — and
planning them took longer than running them, on every request, since psycopg2 sends each statement
as text with its values in it. `rows(sql, params)` prepares a statement on the server the first time
a connection sees its SQL (`PREPARE`, the values as `$1`, `$2`, …) and afterwards only executes it:
PostgreSQL keeps its plan for the life of the connection (production keeps connections for
DATABASE_CONN_MAX_AGE seconds). The plan is the generic one, made without the values
(`plan_cache_mode`, for that statement only): the SQL decides on its own in which order its steps
run, so the values would only cost a new plan each time. The first execution shares a round trip
with the PREPARE, so a statement counts as one query either way.

Prepared statements belong to a session: behind a pooler that hands one session's statements to
another (PgBouncer in transaction mode) set DATABASE_PREPARED_STATEMENTS=0, and statements are sent as
before. SQLite and other databases always take the plain path.
"""

import datetime
import itertools
import re

from django.conf import settings
from django.db import connection

MOST = 500  # statements kept per connection, then forgotten together (a bound on the server's memory)
PLACEHOLDER = re.compile(r"%s|%%")
_names = itertools.count()


def rows(sql: str, params) -> list[tuple]:
    """The rows of `sql` with `params` (Django's %s placeholders), from a statement prepared once per
    connection on PostgreSQL."""
    with connection.cursor() as cursor:
        if not prepared():
            cursor.execute(sql, params)
            return cursor.fetchall()
        kept = _kept()
        name = kept.get(sql)
        values = "(" + ", ".join(["%s"] * len(params)) + ")" if params else ""
        # SET LOCAL lasts for the statements sent together here (one implicit transaction), or to
        # the end of the transaction around them: other statements keep their own plans.
        generic = "SET LOCAL plan_cache_mode = force_generic_plan; "
        if name is not None:
            cursor.execute(f"{generic}EXECUTE {name}{values}", tuple(params))
            return cursor.fetchall()
        if len(kept) >= MOST:
            cursor.execute("DEALLOCATE ALL")
            kept.clear()
        # A name never used before on any connection: a statement whose PREPARE went through but whose
        # first execution failed stays unused under its own name.
        name = f"planned_{next(_names)}"
        types = "(" + ", ".join(_type(value) for value in params) + ")" if params else ""
        statement = f"PREPARE {name}{types} AS {numbered(sql)}; {generic}EXECUTE {name}{values}"
        cursor.execute(statement, tuple(params))
        kept[sql] = name
        return cursor.fetchall()


def prepared() -> bool:
    """Whether statements are prepared on this connection's database."""
    return connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS


def fixed(sql: str, params, *, varying) -> tuple[str, tuple]:
    """(sql, params) with every value written into the SQL but those in `varying` and the moments.

    Written in, the planner sees them as a plan made for the values would: how many records an office
    holds (whether to walk a date index or sort them), that a partial index holds every row asked for
    (a status, a kind). What varies from one request to the next — what people typed, the time — stays
    a parameter, so that one plan serves them all. Unchanged when nothing is prepared."""
    if not prepared():
        return sql, tuple(params)
    values = iter(params)
    kept = []

    def write(found):
        if found.group() == "%%":
            return "%%"
        value = next(values)
        if not isinstance(value, datetime.datetime) and not (isinstance(value, str) and value in varying):
            return connection.ops.compose_sql("%s", [value]).replace("%", "%%")
        kept.append(value)
        return "%s"

    return PLACEHOLDER.sub(write, sql), tuple(kept)


def numbered(sql: str) -> str:
    """Django's SQL with `$1`, `$2`, … for its %s placeholders (a literal %% left for the driver)."""
    position = itertools.count(1)
    return PLACEHOLDER.sub(lambda found: f"${next(position)}" if found.group() == "%s" else "%%", sql)


def _type(value) -> str:
    """The SQL type of a parameter, declared: a bare `$1` in `date + $1` or `SELECT $1` has none."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -(2**31) <= value < 2**31 else "bigint"
    if isinstance(value, datetime.datetime):
        return "timestamptz" if value.tzinfo is not None else "timestamp"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, datetime.timedelta):
        return "interval"
    if isinstance(value, float):
        return "double precision"
    return "text" if isinstance(value, str) else "unknown"


def _kept() -> dict[str, str]:
    """The statements prepared on the connection now open: a new connection has none."""
    raw = connection.connection
    kept = getattr(connection, "_planned_statements", None)
    if kept is None or kept[0] is not raw:
        kept = (raw, {})
        connection._planned_statements = kept
    return kept[1]
