"""Search across every app's records, Thai-aware, without the core importing the apps.

Thai is written without spaces between words, so word-based full-text search finds nothing inside a
phrase. Search here is substring matching: each app registers a search source in its
AppConfig.ready() (`searchsources.register_search_source`), naming the text fields of its records; the core
matches every term people typed as a substring of those fields joined together (`document`). On
PostgreSQL an app's migration adds a pg_trgm GIN index on exactly that expression
(`AddTrigramIndex`), which serves `LIKE '%…%'` and `~* '…'`; SQLite scans.

What people type is normalised first (`parse_query`): zero-width and control characters go, Thai
digits become Arabic ones (and the stored text is matched in both forms), runs of spaces become
one, the repetition mark ๆ separates terms ("ต่าง ๆ" and "ต่างๆ" alike), Latin letters match either
case. Every term must appear (AND); a term shorter than three characters cannot use a trigram index,
so a query made only of such terms matches titles only, among a bounded window of the newest
records.

A common word matches hundreds of thousands of rows, and a GIN index would hand all of them over to
be sorted. So a source is read in steps, each bounded, the next only while fewer than `CAP` were found:
first the newest `WINDOW` records (read newest first through the source's date index, each tested);
then, for a word the window found often enough (one in `FREQUENT`), the next `FURTHER` windows the same
way; then every other record through the trigram index, ordered by an expression no index serves, so
that the planner can only ask the trigram index (walking the date index for a word common only in
older records, a year such as 2567, read whole tables). A word found rarely among the newest goes to
the index at once: few match, which is what the index is quick at. Candidates — at most `CAP` per
kind, the newest matches — are ranked: a match in the title above a match elsewhere, then newest
first. Pages slice that list, so nothing counts every match.

On PostgreSQL the steps of a kind are one statement, which the database stops as soon as it has `CAP`
rows; the newest records' ids are chosen first and each record read and tested only as a step asks for
it, so that a planner sorting a small office's records whole never tests them all. The page of
everything asks every kind in one statement. Building the SQL costs more than running it, so the SQL
of a public search is built once per source, scope and shape of query and reused with the patterns
swapped; planning it cost as much again, so PostgreSQL plans it once per connection
(participation.plannedsql). Records read one by one are tested with strpos() where no index is asked
(`searchindexes.Holds`): LIKE is slow on Thai text.
"""

import datetime
import math
import time
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import BooleanField, F, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from participation import plannedsql
from participation.fiscal import fiscal_year_range
from participation.searchindexes import Holds, matches
from participation.searchsources import Hit, SearchSource, source, sources  # noqa: F401 (source: what views use)
from participation.searchtext import (  # noqa: F401 (parse_query, MAX_* and Query: what callers of search use)
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    TRIGRAM,
    Query,
    excerpt,
    fold,
    like_pattern,
    parse_query,
    regex_pattern,
    variants,
)

WINDOW = 500  # newest records of a kind tested one by one before the index is asked
WINDOW_PER_CANDIDATE = 10  # … or fewer, when fewer candidates are wanted (the best few of every kind)
FURTHER = 8  # times the window: the next newest records tested one by one when the word is frequent
FREQUENT = 100  # a word found in one in this many of the window's records is frequent
CAP = 60  # candidates ranked per kind (the newest matches): three pages of twenty


# --- Finding -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Where to look: one office or all, a province, a fiscal year; the public or one office's staff."""

    office: object | None = None
    province: str = ""
    fiscal_year: int | None = None
    standing: object | None = None  # set for staff search of standing.office


def _records(registered: SearchSource, scope: Scope):
    """The records of a source in the scope; None when the source has none there."""
    if scope.standing is not None and registered.staff is not None:
        queryset = registered.staff(scope.standing)
    elif registered.public is not None:
        queryset = registered.public()
        if scope.office is not None:
            queryset = queryset.filter(**{registered.office or "pk": scope.office.pk})
    else:
        return None
    if scope.province:
        prefix = f"{registered.office}__" if registered.office else ""
        queryset = queryset.filter(**{f"{prefix}province": scope.province})
    if scope.fiscal_year:
        if not registered.date:
            return None  # records without a date belong to no fiscal year
        start, end = fiscal_year_range(scope.fiscal_year)
        if isinstance(_field(queryset.model, registered.date), models.DateTimeField):
            start, end = _moments(scope.fiscal_year)
        queryset = queryset.filter(**{f"{registered.date}__gte": start, f"{registered.date}__lte": end})
    return queryset


def _moments(fiscal_year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first and the last moment of a fiscal year, in the site's time zone."""
    start, end = fiscal_year_range(fiscal_year)
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)),
        timezone.make_aware(datetime.datetime.combine(end, datetime.time.max)),
    )


def _field(model, path: str):
    """The model field at the end of a lookup path ("starts_at", "meeting__starts_at")."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _order(registered: SearchSource) -> list[str]:
    return [f"-{registered.date}", "-pk"] if registered.date else ["-pk"]


def candidates(registered: SearchSource, query: Query, scope: Scope, *, cap: int = CAP) -> list[tuple]:
    """(pk, title_match) of the newest records matching the query, at most `cap`, title matches
    first: one query on PostgreSQL, two on SQLite, each part bounded (see the module's docstring)."""
    parts = candidate_sql(registered, query, scope, cap=cap)
    if not parts:
        return []
    if not connection.features.supports_slicing_ordering_in_compound:
        found = [row for sql, params in parts for row in _rows(sql, params)][:cap]
    else:
        found = _rows(*union([parts], cap=cap))
    return _title_matches_first(found)


def candidate_sql(registered: SearchSource, query: Query, scope: Scope, *, cap: int) -> list[tuple[str, tuple]]:
    """The SQL of a source's candidates: [(sql, params)] of the newest window's matches and, when
    a term is long enough for the trigram index, of the older records' — each giving rows of
    (record, is_title), newest first, at most `cap`. Empty when the source has nothing to find.

    Building that SQL costs more than running it, and it depends on the query only through the
    shape of its terms (how many, which are long, which have Latin letters or digits): public
    searches reuse the SQL built for the same source, scope and shape with stand-in terms, and
    swap the patterns. What the public may see depends on the time (an announcement scheduled for
    now): the SQL is kept for the day (a date is written into it), and the moment it was built with
    is swapped for the moment of the search too. Built again every minute, it cost the first search
    of each process after each minute some 50 ms more (national scale), twice a search's own time.

    On PostgreSQL the statement is planned once per connection (participation.plannedsql): what
    the code fixes is written into the SQL, the patterns of what people typed stay parameters."""
    if query.is_empty:
        return []
    if scope.standing is not None:
        parts, typed = _candidate_sql(registered, query, scope, cap=cap), _typed(query.terms)
        return [plannedsql.fixed(sql, params, varying=typed) for sql, params in parts]
    shape = tuple(_term_shape(term) for term in query.terms)
    office = scope.office.pk if scope.office is not None else None
    key = (registered.key, office, scope.province, scope.fiscal_year, shape, cap, timezone.localdate())
    template = _templates.get(key)
    if template is None or template.until < time.monotonic():
        template = _template(registered, scope, shape, cap=cap)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    swapped = {}
    for position, term in enumerate(query.terms):
        stand_in = _stand_in(position, *shape[position])
        for fake, real in zip(variants(stand_in), variants(term), strict=True):
            swapped.update(zip(_written(fake), _written(real), strict=True))
    now = timezone.now()
    return [
        (sql, tuple(now if index in moments else swapped.get(value, value) for index, value in enumerate(params)))
        for (sql, params), moments in zip(template.parts, template.moments, strict=True)
    ]


MAX_TEMPLATES = 1000
KEPT_SECONDS = 60  # the life of SQL holding a moment other than now and a fiscal year's bounds


@dataclass(frozen=True)
class _Template:
    """The SQL of a source, scope and shape of query, with stand-in terms; `moments`: for each part,
    the positions of its parameters that were the moment it was built (each search puts its own)."""

    parts: list[tuple[str, tuple]]
    moments: list[frozenset[int]]
    until: float  # time.monotonic() after which it is built again


_templates: dict[tuple, _Template] = {}


def _template(registered: SearchSource, scope: Scope, shape: tuple, *, cap: int) -> _Template:
    """Build the SQL of a source for queries of that shape. A moment in it is the moment of the
    search when it was taken during the building (`timezone.now()`), or a fiscal year's bound; one
    that is neither (a moment an hour ago, say) could be stale: such SQL is kept a minute only, as is
    all SQL where the database is sent moments as text (SQLite), which cannot be told from others."""
    stand_ins = tuple(_stand_in(position, *traits) for position, traits in enumerate(shape))
    before = timezone.now()
    parts = _candidate_sql(registered, Query(text="", terms=stand_ins), scope, cap=cap)
    after = timezone.now()
    typed = _typed(stand_ins)
    parts = [plannedsql.fixed(sql, params, varying=typed) for sql, params in parts]
    bounds = set(_moments(scope.fiscal_year)) if scope.fiscal_year else set()
    moments, lasting = [], isinstance(connection.ops.adapt_datetimefield_value(before), datetime.datetime)
    for _sql, params in parts:
        dated = {index: value for index, value in enumerate(params) if isinstance(value, datetime.datetime)}
        taken = frozenset(index for index, value in dated.items() if before <= value <= after)
        moments.append(taken)
        lasting = lasting and {value for index, value in dated.items() if index not in taken} <= bounds
    until = math.inf if lasting else time.monotonic() + KEPT_SECONDS
    return _Template(parts=parts, moments=moments, until=until)


def _typed(terms) -> set[str]:
    """The values the terms become in the SQL, in each of their digit forms: parameters, not written in."""
    return {written for term in terms for form in variants(term) for written in _written(form)}


def _written(term: str) -> tuple[str, str]:
    """How a term is written into the SQL (searchindexes.Contains and Holds): as a LIKE pattern, and as
    a regular expression when it has Latin letters or as itself (strpos) when it has none. Never both
    of the last two, which can be the same text for another term."""
    latin = any(ch.isascii() and ch.isalpha() for ch in term)
    return like_pattern(term), regex_pattern(term) if latin else term


def _term_shape(term: str) -> tuple[bool, bool, bool]:
    """What the SQL of a term depends on: long enough for a trigram, Latin letters (~*), digits
    (matched in both forms)."""
    return (
        len(term) >= TRIGRAM,
        any(ch.isascii() and ch.isalpha() for ch in term),
        any(ch in "0123456789" for ch in term),
    )


def _stand_in(position: int, long: bool, latin: bool, digits: bool) -> str:
    """A term of that shape no one can type (NUL and control characters are removed from queries),
    distinct for each position."""
    text = (chr(ord("a") + position) if latin else chr(0x3B1 + position)) + ("0" if digits else "")
    return f"\x00{text}\x00\x00" if long else text


def _candidate_sql(registered: SearchSource, query: Query, scope: Scope, *, cap: int) -> list[tuple[str, tuple]]:
    queryset = _records(registered, scope)
    if queryset is None or query.is_empty or (query.titles_only and not registered.title):
        return []
    # A term too short for a trigram would make the index read itself whole: long terms decide,
    # short ones only when there is nothing else, and then in titles only.
    long_terms = [term for term in query.terms if len(term) >= TRIGRAM]
    fields = registered.fields if long_terms else (registered.title,)
    terms = long_terms or list(query.terms)
    if registered.title:
        title_match = models.ExpressionWrapper(matches(F(registered.title), query.terms, test=Holds), BooleanField())
    else:
        title_match = Value(False)
    # First the newest records (WINDOW at most; their ids read newest first from the date index), each
    # tested field by field: a common word fills the page among them. The test is a column, not a
    # condition, so the database applies it to those rows only — as a condition it would be pushed
    # into the scan and tried on every record of the office before the window is cut.
    # (Without NULL dates: a descending index holds them first, and drafts have none.)
    dated = queryset.filter(**{f"{registered.date}__isnull": False}) if registered.date else queryset
    tested = (
        dated.order_by(*_order(registered))
        .annotate(
            record=F("pk"),
            is_title=title_match,
            found=models.ExpressionWrapper(matches_any(fields, terms), BooleanField()),
        )
        .values_list("record", "is_title", "found")
    )
    window = min(WINDOW, WINDOW_PER_CANDIDATE * cap)
    window_sql, window_params = tested[:window].query.sql_with_params()
    if not long_terms:
        return [
            (f'SELECT "record", "is_title" FROM ({window_sql}) "window" WHERE "found" LIMIT %s', (*window_params, cap))
        ]
    # Then the older ones, through the trigram index, in the order they were written (see _unindexed):
    # few, when the newest did not fill the page.
    older = queryset.order_by().annotate(is_title=title_match).filter(matches(registered.document, long_terms))
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite: two statements, the window's ids read once more by the second.
        window_ids = RawSQL(f'SELECT "record" FROM ({window_sql}) "window"', window_params)
        older_order = _order(registered) if "__" not in registered.date else ["-pk"]
        older = older.exclude(pk__in=window_ids).order_by(*older_order).values_list("pk", "is_title")[:cap]
        newest = (
            f'SELECT "record", "is_title" FROM ({window_sql}) "window" WHERE "found" LIMIT %s',
            (*window_params, cap),
        )
        return [newest, older.query.sql_with_params()]
    # PostgreSQL: one statement whose parts run in turn until `cap` rows came (see `union`). A word
    # the window found often enough is looked for among the next newest records too (FURTHER times
    # the window, one by one: it is likely to fill the page there); a rarer one goes to the index at
    # once. What was tested is left out of the index's part, whose cost is then the number of older
    # matches, whatever the planner thinks of the word.
    window_sql, window_params = _newest_tested(registered, dated, title_match, fields, terms, start=0, stop=window)
    further_sql, further_params = _newest_tested(
        registered, dated, title_match, fields, terms, start=window, stop=window * (1 + FURTHER)
    )
    frequent = f'(SELECT COUNT(*) FROM "window" WHERE "found") >= {max(1, window // FREQUENT)}'
    older = older.exclude(pk__in=RawSQL('SELECT "record" FROM "window"', ()))
    older = older.exclude(pk__in=RawSQL('SELECT "record" FROM "further"', ()))
    older = older.order_by(*_unindexed(queryset.model, registered)).values_list("pk", "is_title")[:cap]
    older_sql, older_params = older.query.sql_with_params()
    sql = (
        f'WITH "window" AS MATERIALIZED ({window_sql}), '
        f'"further" AS MATERIALIZED (SELECT * FROM ({further_sql}) "next" WHERE {frequent}) '
        f'SELECT "record", "is_title" FROM "window" WHERE "found" '
        f'UNION ALL SELECT "record", "is_title" FROM "further" WHERE "found" '
        f"UNION ALL ({older_sql})"
    )
    return [(sql, (*window_params, *further_params, *older_params))]


def _newest_tested(registered: SearchSource, dated, title_match, fields, terms, *, start: int, stop: int):
    """(sql, params) of the newest records from `start` to `stop`, newest first, each tested
    (record, is_title, found). Their ids are chosen first and the tests joined to them: when a scope
    holds not many more records than `stop`, the planner sorts them all rather than reading the date
    index, and a test in the same select would then be made on every one of them."""
    model = dated.model
    dates = {"ordered_at": F(registered.date)} if registered.date else {}
    ids = dated.order_by(*_order(registered)).annotate(ordered_pk=F("pk"), **dates)
    ids_sql, ids_params = ids.values_list("ordered_pk", *dates)[start:stop].query.sql_with_params()
    tests = model._base_manager.order_by().annotate(
        record=F("pk"),
        is_title=title_match,
        found=models.ExpressionWrapper(matches_any(fields, terms), BooleanField()),
    )
    tests_sql, tests_params = tests.values_list("record", "is_title", "found").query.sql_with_params()
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    assert tests_sql.endswith(f" FROM {table}"), tests_sql  # one table, no condition yet
    order = '"ids"."ordered_at" DESC, "ids"."ordered_pk" DESC' if dates else '"ids"."ordered_pk" DESC'
    # LATERAL … OFFSET 0: a nested loop, one record read and tested for each id as it is asked for.
    sql = (
        f'SELECT "tested".* FROM ({ids_sql}) "ids" CROSS JOIN LATERAL '
        f'({tests_sql} WHERE {table}.{pk} = "ids"."ordered_pk" OFFSET 0) "tested" ORDER BY {order}'
    )
    return sql, (*ids_params, *tests_params)


def _unindexed(model, registered: SearchSource) -> list:
    """The older matches' order, newest first, as an expression no index serves: an index in that
    order tempts the planner to walk the records newest first testing each, which for a word common
    only in older records (a year, "2567") reads the whole table. Without it the planner can only
    ask the trigram index and sort what it found. A date on another table (a follow-up action's
    meeting) would lead it into a nested loop over thousands of rows: such records come in the order
    they were recorded instead."""
    newest_pk = (F("pk") + Value(0)).desc()
    if not registered.date or "__" in registered.date:
        return [newest_pk]
    if isinstance(_field(model, registered.date), models.DateTimeField):
        shifted = models.ExpressionWrapper(F(registered.date) + Value(datetime.timedelta(0)), models.DateTimeField())
    else:
        shifted = models.ExpressionWrapper(F(registered.date) + Value(0), models.DateField())
    return [shifted.desc(), newest_pk]


def union(kinds: list[list[tuple[str, tuple]]], *, cap: int) -> tuple[str, tuple]:
    """Several sources' candidate SQL as one statement (PostgreSQL): rows of (position of the
    source in `kinds`, record, is_title). Each source's parts are joined so that the older part
    runs only when the newest did not give `cap` rows (the LIMIT above them stops the Append)."""
    selects, params = [], []
    for position, parts in enumerate(kinds):
        joined = " UNION ALL ".join(f"({sql})" for sql, _ in parts)
        selects.append(f'(SELECT {position} AS "kind", * FROM ({joined}) "kind{position}" LIMIT {int(cap)})')
        params += [value for _, part_params in parts for value in part_params]
    return " UNION ALL ".join(selects), tuple(params)


def _rows(sql: str, params) -> list[tuple]:
    """(record, is_title) of each row, whatever columns come before them."""
    return [(row[-2], bool(row[-1])) for row in plannedsql.rows(sql, params)]


def _title_matches_first(found: list[tuple]) -> list[tuple]:
    return sorted(found, key=lambda row: not row[1])


def matches_any(fields, terms) -> Q:
    """Every term in one of the fields (each in any of its digit forms), tested field by field."""
    condition = Q()
    for term in terms:
        either = Q()
        for name in fields:
            for form in variants(term):
                either |= Q(Holds(F(name), form))
        condition &= either
    return condition


def fetch(registered: SearchSource, ranked: list[tuple], query: Query, scope: Scope) -> list[Hit]:
    """The records of one page of candidates, described, with their excerpt (one query)."""
    if not ranked:
        return []
    queryset = _records(registered, scope)
    by_pk = {record.pk: record for record in queryset.filter(pk__in=[pk for pk, _ in ranked])}
    hits = []
    for pk, is_title in ranked:
        record = by_pk.get(pk)
        if record is None:  # withdrawn between the two queries
            continue
        shown = registered.describe(record, staff=scope.standing is not None)
        texts = [str(getattr(record, name, "") or "") for name in registered.fields if name != registered.title]
        hits.append(
            Hit(
                kind=registered.key,
                kind_label=registered.label,
                title=shown["title"],
                url=shown["url"],
                date=shown.get("date"),
                office=shown.get("office"),
                excerpt=excerpt(texts, query.terms),
                title_match=bool(is_title),
                details=shown.get("details", {}),
            )
        )
    return hits


def search_kind(registered: SearchSource, query: Query, scope: Scope, *, offset: int, limit: int, cap: int = CAP):
    """One page of one kind's results and whether there are more (at most three queries)."""
    ranked = candidates(registered, query, scope, cap=cap)
    page = ranked[offset : offset + limit]
    return fetch(registered, page, query, scope), len(ranked) > offset + limit


def search_all(query: Query, scope: Scope, *, per_kind: int) -> list[tuple[SearchSource, list[Hit], bool]]:
    """The best few of every kind: [(source, hits, more)], kinds without hits left out. On
    PostgreSQL every kind's candidates come from one statement, then one query per kind found."""
    cap = 2 * per_kind  # the best of the newest few: a common word costs each kind a few rows
    registered = sources(staff=scope.standing is not None)
    if not connection.features.supports_slicing_ordering_in_compound:
        found = {kind.key: candidates(kind, query, scope, cap=cap) for kind in registered}
    else:
        kinds = [(kind, candidate_sql(kind, query, scope, cap=cap)) for kind in registered]
        kinds = [(kind, parts) for kind, parts in kinds if parts]
        found = {kind.key: [] for kind, _ in kinds}
        if kinds:
            for position, pk, is_title in plannedsql.rows(*union([parts for _, parts in kinds], cap=cap)):
                found[kinds[position][0].key].append((pk, bool(is_title)))
    groups = []
    for kind in registered:
        ranked = _title_matches_first(found.get(kind.key, []))
        hits = fetch(kind, ranked[:per_kind], query, scope)
        if hits:
            groups.append((kind, hits, len(ranked) > per_kind))
    return groups


def office_search_url(office, text: str, *, kind: str = "") -> str:
    """The office's search page for `text` (of one kind), for lists that honour `?q=`; empty
    when no app offers search."""
    from django.utils.http import urlencode

    from participation.navigation import section_url

    address = section_url("search", office)
    if not address:
        return ""
    return f"{address}?{urlencode({'q': text, 'kind': kind} if kind else {'q': text})}"
