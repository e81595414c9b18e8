"""The expressions search matches with, and the migration operations that index them (PostgreSQL).

Each app's search source names the text fields of its records; `Document` joins them, and an app's
migration adds a pg_trgm GIN index on exactly that expression (`AddTrigramIndex`), which serves the
`LIKE '%…%'` and `~* '…'` that `Contains` writes, and statistics on it (`AddSearchStatistics`) so that
the planner knows how common a pattern is. SQLite has neither and scans.
"""

from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.sql import Query as SQLQuery

from participation.searchtext import like_pattern, regex_pattern, variants


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
    """`expression` contains `term`: on PostgreSQL LIKE for text without Latin letters and a
    case-insensitive regular expression (`~*`, the term matched literally) with them, both served by a
    pg_trgm index — ILIKE lowered the whole text of every record it tested, at twice the cost; on
    SQLite LIKE, which ignores ASCII case."""

    output_field = BooleanField()

    def __init__(self, expression, term: str):
        self.term = term
        self.ignore_case = any(ch.isascii() and ch.isalpha() for ch in term)
        super().__init__(expression, Value(like_pattern(term)))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="%(expressions)s ESCAPE '\\'", arg_joiner=" LIKE ")

    def as_postgresql(self, compiler, connection, **extra_context):
        if not self.ignore_case:  # a backslash escapes by default
            return super().as_sql(compiler, connection, template="%(expressions)s", arg_joiner=" LIKE ")
        regex = self.copy()
        regex.set_source_expressions([self.get_source_expressions()[0], Value(regex_pattern(self.term))])
        return Func.as_sql(regex, compiler, connection, template="%(expressions)s", arg_joiner=" ~* ")


class Holds(Contains):
    """`expression` contains `term`, tested on records read one by one (no index serves it): on
    PostgreSQL `strpos()` for a term without Latin letters, a quarter of the cost of LIKE on Thai text
    (every Thai character starts with the same byte, at which LIKE tries a match each time); as
    `Contains` otherwise."""

    def as_postgresql(self, compiler, connection, **extra_context):
        if self.ignore_case:
            return super().as_postgresql(compiler, connection, **extra_context)
        holds = self.copy()
        holds.set_source_expressions([self.get_source_expressions()[0], Value(self.term)])
        return Func.as_sql(holds, compiler, connection, template="strpos(%(expressions)s) > 0", arg_joiner=", ")


def matches(expression, terms, *, test=Contains) -> Q:
    """Every term in `expression`, each in any of its digit forms."""
    condition = Q()
    for term in terms:
        either = Q()
        for form in variants(term):
            either |= Q(test(expression, form))
        condition &= either
    return condition


class AddTrigramIndex(Operation):
    """A pg_trgm GIN index on a model's search document (PostgreSQL only; nothing elsewhere).
    Creates the extension when it is missing. Put it in the migrations of the app whose model it
    indexes, with the fields the app registers as its search source's `fields`. With a `condition`
    (a Q), a partial index of the records the public may find: fewer rows for the index to hand over.
    With `concurrently=True` the index is built without blocking writes to a table already large in
    production; its migration must then say `atomic = False`."""

    reversible = True

    def __init__(self, model_name: str, name: str, fields: list[str], condition=None, concurrently: bool = False):
        self.model_name, self.name, self.fields, self.condition = model_name, name, list(fields), condition
        self.concurrently = concurrently

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "name": self.name, "fields": self.fields}
        if self.condition is not None:
            kwargs["condition"] = self.condition
        if self.concurrently:
            kwargs["concurrently"] = True
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label, state):
        pass  # the index is the database's alone: SQLite has none, and models do not declare it

    def sql(self, model, schema_editor) -> str:
        """CREATE INDEX … USING gin ((document) gin_trgm_ops) [WHERE …], the document compiled as
        queries compile it. IF NOT EXISTS: an index tried by hand under the same name is kept."""
        quote = schema_editor.quote_name
        document = document_sql(model, self.fields, schema_editor)
        where = f" WHERE {condition_sql(model, self.condition, schema_editor)}" if self.condition is not None else ""
        how = "CONCURRENTLY IF NOT EXISTS" if self.concurrently else "IF NOT EXISTS"
        return (
            f"CREATE INDEX {how} {quote(self.name)} ON {quote(model._meta.db_table)} "
            f"USING gin (({document}) gin_trgm_ops){where}"
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(self.sql(to_state.apps.get_model(app_label, self.model_name), schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            how = "CONCURRENTLY IF EXISTS" if self.concurrently else "IF EXISTS"
            schema_editor.execute(f"DROP INDEX {how} {schema_editor.quote_name(self.name)}")

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


def condition_sql(model, condition, schema_editor) -> str:
    """The SQL of a condition on a model's rows (a Q), as a partial index's WHERE has it."""
    query = SQLQuery(model, alias_cols=False)
    where = query.build_where(condition)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = where.as_sql(compiler, schema_editor.connection)
    return sql % tuple(schema_editor.quote_value(param) for param in params)


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
