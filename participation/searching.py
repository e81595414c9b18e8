"""Search across every app's records, Thai-aware, without the core importing the apps.

Thai is written without spaces between words, so word-based full-text search finds nothing inside a
phrase. Search here is substring matching: each app registers a search source in its
AppConfig.ready() (`register_search_source`), naming the text fields of its records; the core
matches every term people typed as a substring of those fields joined together (`document`). On
PostgreSQL an app's migration adds a pg_trgm GIN index on exactly that expression
(`AddTrigramIndex`), which serves `LIKE '%…%'` and `ILIKE '%…%'`; SQLite scans.

What people type is normalised first (`parse_query`): zero-width and control characters go, Thai
digits become Arabic ones (and the stored text is matched in both forms), runs of spaces become
one, the repetition mark ๆ separates terms ("ต่าง ๆ" and "ต่างๆ" alike), Latin letters match either
case. Every term must appear (AND); a term shorter than three characters cannot use a trigram index,
so a query made only of such terms matches titles only, among a bounded window of the newest
records.

A common word matches hundreds of thousands of rows, and a GIN index would hand all of them over to
be sorted. So a source is read in two steps, each bounded: first the newest `WINDOW` records (read
newest first through the source's date index, each tested), and only if fewer than `CAP` of them
match, every record through the trigram index (then few match, which is what the index is quick at).
Candidates — at most `CAP` per kind, the newest matches — are ranked: a match in the title above a
match elsewhere, then newest first. Pages slice that list, so nothing counts every match.

The newest records are tested as a column of their own select, so the database tests only them,
and fewer of them when fewer candidates are wanted. The page of everything asks every kind in one
statement (PostgreSQL). Building the SQL costs more than running it, so the SQL of a public search is
built once per source, scope and shape of query and reused with the patterns swapped.
"""

import datetime
import html
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query as SQLQuery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from participation.fiscal import fiscal_year_range

MAX_QUERY_LENGTH = 200  # characters kept of what was typed
MAX_TERMS = 6
TRIGRAM = 3  # the shortest term a trigram index can serve
WINDOW = 500  # newest records of a kind tested one by one before the index is asked
WINDOW_PER_CANDIDATE = 10  # … or fewer, when fewer candidates are wanted (the best few of every kind)
CAP = 60  # candidates ranked per kind (the newest matches): three pages of twenty
EXCERPT_LENGTH = 180

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
REPETITION_MARK = "ๆ"
# Characters that change nothing people see: zero-width spaces and joiners, the byte-order mark, soft hyphen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SEPARATORS = re.compile(rf"[\s{REPETITION_MARK}]+")
# What a LIKE pattern treats as its own: escaped so that people's % and _ are just characters.
LIKE_SPECIAL = re.compile(r"([\\%_])")


# --- What people type ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str  # the normalised query, to show and to put back in the search box
    terms: tuple[str, ...]  # each must appear

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def titles_only(self) -> bool:
        """Only short terms: matched in titles of the newest records, never scanned everywhere."""
        return bool(self.terms) and all(len(term) < TRIGRAM for term in self.terms)


def clean_text(text: str) -> str:
    """What was typed without invisible and control characters, NFC, one space between words."""
    text = unicodedata.normalize("NFC", str(text or "")[: MAX_QUERY_LENGTH * 4]).translate(INVISIBLE)
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def fold(text: str) -> str:
    """Text as it is compared: Arabic digits, Latin letters in lower case. Keeps every character's
    place (one character for one), so positions found in the folded text are those of the original."""
    return "".join(ch.lower() if ch.isascii() else ch for ch in text.translate(TO_ARABIC))


def parse_query(text: str) -> Query:
    """The terms of what was typed: split at spaces and ๆ, folded, duplicates dropped."""
    cleaned = clean_text(text)
    terms: list[str] = []
    for part in SEPARATORS.split(fold(cleaned)):
        part = part.strip("\"'“”‘’")
        if part and part not in terms:
            terms.append(part)
    # A longer term that contains a shorter one makes the shorter one redundant.
    terms = [t for t in terms if not any(t != other and t in other for other in terms)]
    return Query(text=cleaned, terms=tuple(terms[:MAX_TERMS]))


def like_pattern(term: str) -> str:
    return "%" + LIKE_SPECIAL.sub(r"\\\1", term) + "%"


def variants(term: str) -> list[str]:
    """The forms a folded term may take in stored text: with Arabic digits, and with Thai ones."""
    thai = term.translate(TO_THAI)
    return [term, thai] if thai != term else [term]


# --- Expressions the indexes are built on ---------------------------------------------------------


class Document(Func):
    """The text fields of a record joined by spaces: what a trigram index holds and a search tests.
    The fields must be NOT NULL text (CharField or TextField), or the index and the query differ."""

    arg_joiner = " || ' ' || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self, *fields: str):
        if len(fields) == 1:
            # One field is the column itself, so that an index on it serves `__contains` as well.
            super().__init__(F(fields[0]), template="%(expressions)s")
        else:
            super().__init__(*[F(name) for name in fields])


class Contains(Func):
    """`expression` contains `term` (one LIKE pattern): LIKE for text without Latin letters, ILIKE
    with them, both served by a pg_trgm index on PostgreSQL; SQLite's LIKE ignores ASCII case."""

    output_field = BooleanField()

    def __init__(self, expression, term: str):
        self.ignore_case = any(ch.isascii() and ch.isalpha() for ch in term)
        super().__init__(expression, Value(like_pattern(term)))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="%(expressions)s ESCAPE '\\'", arg_joiner=" LIKE ")

    def as_postgresql(self, compiler, connection, **extra_context):
        operator = " ILIKE " if self.ignore_case else " LIKE "  # a backslash escapes by default
        return super().as_sql(compiler, connection, template="%(expressions)s", arg_joiner=operator)


def matches(expression, terms) -> Q:
    """Every term in `expression`, each in any of its digit forms."""
    condition = Q()
    for term in terms:
        either = Q()
        for form in variants(term):
            either |= Q(Contains(expression, form))
        condition &= either
    return condition


class AddTrigramIndex(Operation):
    """A pg_trgm GIN index on a model's search document (PostgreSQL only; nothing elsewhere).
    Creates the extension when it is missing. Put it in the migrations of the app whose model it
    indexes, with the fields the app registers as its search source's `fields`."""

    reversible = True

    def __init__(self, model_name: str, name: str, fields: list[str]):
        self.model_name, self.name, self.fields = model_name, name, list(fields)

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "name": self.name, "fields": self.fields}

    def state_forwards(self, app_label, state):
        pass  # the index is the database's alone: SQLite has none, and models do not declare it

    def sql(self, model, schema_editor) -> str:
        """CREATE INDEX … USING gin ((document) gin_trgm_ops), the document compiled as queries compile it."""
        quote = schema_editor.quote_name
        document = document_sql(model, self.fields, schema_editor)
        return f"CREATE INDEX {quote(self.name)} ON {quote(model._meta.db_table)} USING gin (({document}) gin_trgm_ops)"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(self.sql(to_state.apps.get_model(app_label, self.model_name), schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Trigram index {self.name} on {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"trigram_{self.name}"


def document_sql(model, fields, schema_editor) -> str:
    """The SQL of a model's search document, as queries compile it."""
    query = SQLQuery(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    document, params = Document(*fields).resolve_expression(query).as_sql(compiler, schema_editor.connection)
    return document % tuple(schema_editor.quote_value(param) for param in params)


class AddSearchStatistics(Operation):
    """Statistics on a model's search document (PostgreSQL 14 and later; nothing elsewhere), so that
    the planner estimates how many records a pattern matches from a sample of the text rather than
    guessing: with a guess it may read every record of an office for a phrase that one in twenty
    holds, or walk the trigram index for a word half of them hold. Analyses the table at once."""

    reversible = True

    def __init__(self, model_name: str, name: str, fields: list[str]):
        self.model_name, self.name, self.fields = model_name, name, list(fields)

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "name": self.name, "fields": self.fields}

    def state_forwards(self, app_label, state):
        pass  # the database's alone, like the trigram index

    @staticmethod
    def applies(connection) -> bool:
        return connection.vendor == "postgresql" and connection.pg_version >= 140000

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not self.applies(schema_editor.connection):
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        document = document_sql(model, self.fields, schema_editor)
        table = quote(model._meta.db_table)
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {quote(self.name)} ON ({document}) FROM {table}")
        schema_editor.execute(f"ANALYZE {table}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self.applies(schema_editor.connection):
            schema_editor.execute(f"DROP STATISTICS IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Statistics {self.name} on the search document of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"statistics_{self.name}"


# --- The registry -------------------------------------------------------------------------------


@dataclass
class Hit:
    """One record found, as the results list shows it."""

    kind: str
    kind_label: str
    title: str
    url: str
    date: datetime.date | datetime.datetime | None
    office: object | None
    excerpt: str = ""
    title_match: bool = False
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    order: int
    # () -> QuerySet: every record the public may find (published, public, of active offices).
    public: Callable
    # (standing) -> QuerySet: what this person may find in their office (a participation.permissions
    # Standing); None: the source is public only, and staff search finds its public records.
    staff: Callable | None
    # The text fields searched (NOT NULL CharField or TextField), as the trigram index has them.
    fields: tuple[str, ...]
    # The field ranked first; "" when records have no title of their own.
    title: str
    # The record's date, newest first (a DateField or DateTimeField); "" to order by id alone.
    date: str
    # The path from the record to its office ("office", "meeting__office", "plan__office"); "" when
    # the records are offices themselves.
    office: str
    # (record, *, staff: bool) -> dict(title=…, url=…, date=…, office=…): how a found record is shown,
    # to the public or (staff=True) in the workspace.
    describe: Callable
    # Only signed-in staff of the office find these records (e.g. the stakeholder network).
    staff_only: bool = False

    @property
    def document(self):
        return Document(*self.fields)


_sources: dict[str, SearchSource] = {}


def register_search_source(
    *,
    key: str,
    label,
    order: int,
    public: Callable | None,
    fields,
    describe: Callable,
    title: str = "",
    date: str = "",
    office: str = "office",
    staff: Callable | None = None,
) -> None:
    """Let search find this kind of record (idempotent). See SearchSource for the arguments; give
    `public=None` (and a `staff`) for records only the office's own people may find."""
    if public is None and staff is None:
        raise ValueError(f"Search source {key!r} gives neither public nor staff records.")
    _sources[key] = SearchSource(
        key=key,
        label=label,
        order=order,
        public=public,
        staff=staff,
        fields=tuple(fields),
        title=title,
        date=date,
        office=office,
        describe=describe,
        staff_only=public is None,
    )


def sources(*, staff: bool = False) -> list[SearchSource]:
    """The registered sources, in order: the public's, or (staff=True) every one."""
    found = [s for s in _sources.values() if staff or not s.staff_only]
    return sorted(found, key=lambda s: (s.order, s.key))


def source(key: str) -> SearchSource | None:
    return _sources.get(key)


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
        model_field = _field(queryset.model, registered.date)
        if isinstance(model_field, models.DateTimeField):
            start = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
            end = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
        queryset = queryset.filter(**{f"{registered.date}__gte": start, f"{registered.date}__lte": end})
    return queryset


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
    if len(parts) == 1 or not connection.features.supports_slicing_ordering_in_compound:
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
    swap the patterns. The SQL is kept for a minute at most, since what the public may see can
    depend on the time (an announcement scheduled for now)."""
    if scope.standing is not None or query.is_empty:
        return _candidate_sql(registered, query, scope, cap=cap)
    shape = tuple(_term_shape(term) for term in query.terms)
    office = scope.office.pk if scope.office is not None else None
    key = (registered.key, office, scope.province, scope.fiscal_year, shape, cap, int(time.time() // 60))
    template = _templates.get(key)
    if template is None:
        stand_ins = tuple(_stand_in(position, *traits) for position, traits in enumerate(shape))
        template = _candidate_sql(registered, Query(text="", terms=stand_ins), scope, cap=cap)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    patterns = {}
    for position, term in enumerate(query.terms):
        stand_in = _stand_in(position, *shape[position])
        for fake, real in zip(variants(stand_in), variants(term), strict=True):
            patterns[like_pattern(fake)] = like_pattern(real)
    return [(sql, tuple(patterns.get(value, value) for value in params)) for sql, params in template]


MAX_TEMPLATES = 1000
_templates: dict[tuple, list[tuple[str, tuple]]] = {}


def _term_shape(term: str) -> tuple[bool, bool, bool]:
    """What the SQL of a term depends on: long enough for a trigram, Latin letters (ILIKE), digits
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
        title_match = models.ExpressionWrapper(matches(F(registered.title), query.terms), BooleanField())
    else:
        title_match = Value(False)
    order = _order(registered)
    # First the newest records (WINDOW at most; their ids read newest first from the date index), each
    # tested field by field: a common word fills the page among them. The test is a column of the
    # window's own select, so the database applies it to those rows only — as a condition it would
    # be pushed into the scan and tried on every record of the office before the window is cut.
    # (Without NULL dates: a descending index holds them first, and drafts have none.)
    dated = queryset.filter(**{f"{registered.date}__isnull": False}) if registered.date else queryset
    tested = (
        dated.order_by(*order)
        .annotate(
            record=F("pk"),
            is_title=title_match,
            found=models.ExpressionWrapper(matches_any(fields, terms), BooleanField()),
        )
        .values_list("record", "is_title", "found")[: min(WINDOW, WINDOW_PER_CANDIDATE * cap)]
    )
    window_sql, window_params = tested.query.sql_with_params()
    newest = (f'SELECT "record", "is_title" FROM ({window_sql}) "window" WHERE "found" LIMIT %s', (*window_params, cap))
    if not long_terms:
        return [newest]
    # Then the older ones, through the trigram index: few, when the newest did not fill the page.
    # (The window's ids are those of the SQL above, which the database reads once more.)
    window_ids = RawSQL(f'SELECT "record" FROM ({window_sql}) "window"', window_params)
    # A date on another table (a follow-up action's meeting) would tempt the planner into walking that
    # table newest first against every match (a nested loop over thousands of rows): older records
    # whose date lies elsewhere come in the order they were recorded instead.
    older_order = order if "__" not in registered.date else ["-pk"]
    older = (
        queryset.order_by()
        .annotate(is_title=title_match)
        .exclude(pk__in=window_ids)
        .filter(matches(registered.document, long_terms))
        .order_by(*older_order)
        .values_list("pk", "is_title")[:cap]
    )
    return [newest, older.query.sql_with_params()]


def union(kinds: list[list[tuple[str, tuple]]], *, cap: int) -> tuple[str, tuple]:
    """Several sources' candidate SQL as one statement (PostgreSQL): rows of (position of the
    source in `kinds`, record, is_title). Each source's parts are joined so that the older part
    runs only when the newest did not give `cap` rows (the LIMIT above them stops the Append)."""
    selects, params = [], []
    for position, parts in enumerate(kinds):
        joined = " UNION ALL ".join(f"({sql})" for sql, _ in parts)
        selects.append(f'(SELECT {position} AS "kind", * FROM ({joined}) "kind{position}" LIMIT %s)')
        params += [value for _, part_params in parts for value in part_params] + [cap]
    return " UNION ALL ".join(selects), tuple(params)


def _rows(sql: str, params) -> list[tuple]:
    """(record, is_title) of each row, whatever columns come before them."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[-2], bool(row[-1])) for row in cursor.fetchall()]


def _title_matches_first(found: list[tuple]) -> list[tuple]:
    return sorted(found, key=lambda row: not row[1])


def matches_any(fields, terms) -> Q:
    """Every term in one of the fields (each in any of its digit forms), tested field by field."""
    condition = Q()
    for term in terms:
        either = Q()
        for name in fields:
            for form in variants(term):
                either |= Q(Contains(F(name), form))
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
        found = {source.key: candidates(source, query, scope, cap=cap) for source in registered}
    else:
        kinds = [(source, candidate_sql(source, query, scope, cap=cap)) for source in registered]
        kinds = [(source, parts) for source, parts in kinds if parts]
        found = {source.key: [] for source, _ in kinds}
        if kinds:
            with connection.cursor() as cursor:
                cursor.execute(*union([parts for _, parts in kinds], cap=cap))
                for position, pk, is_title in cursor.fetchall():
                    found[kinds[position][0].key].append((pk, bool(is_title)))
    groups = []
    for source in registered:
        ranked = _title_matches_first(found.get(source.key, []))
        hits = fetch(source, ranked[:per_kind], query, scope)
        if hits:
            groups.append((source, hits, len(ranked) > per_kind))
    return groups


# --- Showing -------------------------------------------------------------------------------------

MARKUP = re.compile(r"[*_#>`|\[\]]+|\(https?://[^)]*\)")


def excerpt(texts: list[str], terms, *, length: int = EXCERPT_LENGTH) -> str:
    """A short piece of the first text where a term appears, escaped, the terms in <mark>; the
    beginning of the first non-empty text when none does (the match was in the title)."""
    cleaned = [" ".join(MARKUP.sub(" ", text).split()) for text in texts]
    for text in cleaned:
        folded = fold(text)
        positions = [folded.find(form) for term in terms for form in variants(term) if form in folded]
        if positions:
            first = min(positions)
            start = max(0, first - length // 3)
            piece = text[start : start + length]
            return highlight(piece, terms, leading=start > 0, trailing=start + length < len(text))
    first_text = next((text for text in cleaned if text), "")
    return highlight(first_text[:length], terms, leading=False, trailing=len(first_text) > length)


def highlight(text: str, terms, *, leading: bool = False, trailing: bool = False) -> str:
    """Escaped text with each occurrence of a term wrapped in <mark>."""
    folded = fold(text)
    marks = [False] * len(text)
    for term in terms:
        for form in variants(term):
            start = folded.find(form)
            while form and start != -1:
                for index in range(start, start + len(form)):
                    marks[index] = True
                start = folded.find(form, start + len(form))
    out, open_mark = [], False
    for ch, marked in zip(text, marks, strict=True):
        if marked and not open_mark:
            out.append("<mark>")
        elif not marked and open_mark:
            out.append("</mark>")
        open_mark = marked
        out.append(html.escape(ch))
    if open_mark:
        out.append("</mark>")
    return mark_safe(("… " if leading else "") + "".join(out) + (" …" if trailing else ""))  # noqa: S308


def office_search_url(office, text: str, *, kind: str = "") -> str:
    """The office's search page for `text` (of one kind), for lists that honour `?q=`; empty
    when no app offers search."""
    from django.utils.http import urlencode

    from participation.navigation import section_url

    address = section_url("search", office)
    if not address:
        return ""
    return f"{address}?{urlencode({'q': text, 'kind': kind} if kind else {'q': text})}"
