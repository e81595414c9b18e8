"""Fast loading of generated rows: PostgreSQL's COPY from an in-memory TSV, or batched INSERTs elsewhere.

Rows are written with their primary keys chosen by the generator, so records can point at each other
without reading anything back; sequences are moved past them at the end.
"""

import io
import json
import uuid
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, models, transaction

# COPY's text format: backslash, tab, newline and carriage return are escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _text(value) -> str:
    return NULL if value is None else str(value).translate(_ESCAPES)


def _number(value) -> str:
    return NULL if value is None else str(value)


def _boolean(value) -> str:
    return NULL if value is None else ("t" if value else "f")


def _moment(value) -> str:
    return NULL if value is None else value.isoformat()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def _uuid(value) -> str:
    return NULL if value is None else str(value)


def _tsv_converter(field: models.Field) -> Callable:
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.BooleanField):
        return _boolean
    if isinstance(field, (models.DateField, models.TimeField)):  # DateTimeField is a DateField
        return _moment
    if isinstance(field, models.UUIDField):
        return _uuid
    if isinstance(field, (models.IntegerField, models.ForeignKey, models.AutoField, models.DecimalField)):
        return _number
    return _text


class Table:
    """Rows of one model, buffered and written in batches."""

    def __init__(self, loader: "Loader", model, fields: list[str]):
        self.loader, self.model = loader, model
        self.fields = [model._meta.get_field(name) for name in fields]
        # Columns the generator does not know (added since) take their model default.
        named = set(fields)
        self.defaults = [
            f for f in model._meta.concrete_fields if f.name not in named and not f.null and f.has_default()
        ]
        self.fields += self.defaults
        self.default_values = tuple(f.get_default() for f in self.defaults)
        self.columns = [field.column for field in self.fields]
        self.rows: list = []
        self.count = 0
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) FROM {table}")
            self.next_pk = (cursor.fetchone()[0] or 0) + 1
        if loader.copy:
            converters = [_tsv_converter(field) for field in self.fields]
            self.add = self._add_tsv
            self._converters = converters
        else:
            self.add = self._add_values

    def new_pk(self) -> int:
        pk = self.next_pk
        self.next_pk += 1
        return pk

    def _add_tsv(self, *values) -> None:
        self.rows.append(
            "\t".join(
                [convert(value) for convert, value in zip(self._converters, values + self.default_values, strict=True)]
            )
        )
        self.count += 1
        if len(self.rows) >= self.loader.batch_size:
            self.flush()

    def _add_values(self, *values) -> None:
        self.rows.append(
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(self.fields, values + self.default_values, strict=True)
            ]
        )
        self.count += 1
        if len(self.rows) >= self.loader.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(column) for column in self.columns)
        with connection.cursor() as cursor:
            if self.loader.copy:
                data = io.StringIO("\n".join(self.rows) + "\n")
                cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", data)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        self.rows = []


class Loader:
    """The tables being filled; on PostgreSQL, COPY with secondary indexes built once at the end."""

    def __init__(self, batch_size: int = 20_000):
        self.copy = connection.vendor == "postgresql"
        self.batch_size = batch_size if self.copy else 500
        self.tables: dict = {}
        self._dropped_indexes: list[str] = []

    def table(self, model, fields: list[str]) -> Table:
        self.tables[model] = Table(self, model, fields)
        return self.tables[model]

    def start(self, big_models) -> None:
        """Prepare the database for a bulk load (call inside a transaction)."""
        if not self.copy:
            return
        with connection.cursor() as cursor:
            # Foreign keys are checked by triggers; the generator's keys are consistent by construction.
            # Only a superuser may switch them off: otherwise they stay, and the load is slower.
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # noqa: BLE001 - any refusal means: keep the checks
                pass
            for model in big_models:
                cursor.execute(
                    """
                    SELECT i.relname, pg_get_indexdef(i.oid)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_class t ON t.oid = x.indrelid
                    WHERE t.relname = %s AND NOT x.indisprimary
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                    """,
                    [model._meta.db_table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                    self._dropped_indexes.append(definition)

    def finish(self, log: Callable[[str], None] = lambda text: None) -> None:
        for table in self.tables.values():
            table.flush()
        with connection.cursor() as cursor:
            if self._dropped_indexes:
                log(f"building {len(self._dropped_indexes)} indexes")
            for definition in self._dropped_indexes:
                cursor.execute(definition)
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(statement)

    def analyze(self) -> None:
        """Fresh planner statistics and, outside any transaction, the visibility map too: what
        autovacuum keeps on a live database, without which no index-only scan pays off."""
        if self.copy:
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in self.tables:
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def uuid_from(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)
