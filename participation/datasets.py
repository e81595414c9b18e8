"""Open datasets: what each app publishes in bulk and through the read-only API, without the core
importing them.

An app registers a `Dataset` in its AppConfig.ready() (`register_dataset`), the way it registers
its evidence sources: a name, a title and description in both languages, its columns (each with
a type and a description, the documentation people and the OpenAPI schema read), and a reader.
The reader hands out one page of public records after a key, in key order: the open data app
(`participation.opendata`) serves those pages as the API, streams them page after page as CSV and
JSON Lines, and describes every dataset in the DCAT catalogue.

Most datasets are rows of one model: `records_reader` builds the reader from a queryset of what
the public may see, with the office, fiscal year, kind and `updated_since` filters, records of
inactive offices left out, and keyset pagination on the primary key (stable while rows are added,
and no count of the table). A dataset of figures (feedback per fiscal year) gives its own reader.

Only what a column names ever leaves: a row is built by the app's `row` function and then cut
down to the declared columns, so a field added to a model does not leak by itself.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

# The types a column may have; the open data app maps them to JSON Schema, CSV and DCAT.
COLUMN_TYPES = frozenset(
    {"string", "text", "integer", "number", "boolean", "date", "datetime", "url", "code", "list", "object"}
)


@dataclass(frozen=True)
class Column:
    """One field of a dataset's rows."""

    name: str
    type: str
    description: str  # lazy translation
    nullable: bool = False
    # A coded value (type "code", or the items of a list of codes): its TextChoices, for the labels in Thai and English.
    choices: type | None = None
    # A list of objects (type "list"): their columns; a list of plain values names its item type in `item`.
    columns: tuple["Column", ...] = ()
    item: str = ""

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"Unknown column type {self.type!r} of {self.name!r}")
        if self.type == "code" and self.choices is None:
            raise ValueError(f"Column {self.name!r} is a code without choices")
        if self.type == "list" and not (self.columns or self.item):
            raise ValueError(f"Column {self.name!r} is a list of nothing")


@dataclass(frozen=True)
class Filters:
    """What one request asked for; each dataset offers only the filters it names in `filters`."""

    office: object | None = None  # an active Office
    fiscal_year: int | None = None
    kind: str | None = None
    updated_since: datetime.datetime | None = None


# (*, filters, after, limit) -> list[(key, row)], in key order, only keys after `after` (a tuple of
# ints, or None for the first page), at most `limit`.
Reader = Callable[..., list[tuple[tuple[int, ...], dict]]]


@dataclass(frozen=True)
class Dataset:
    key: str  # its name in addresses: /api/v1/<key>/, /data/<key>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    read: Reader
    # Which of "office", "fiscal_year", "kind", "updated_since" it filters by.
    filters: frozenset[str] = frozenset({"office"})
    kinds: type | None = None  # the TextChoices of the `kind` filter
    key_length: int = 1  # how many integers a key has (the cursor carries them)
    per_office: bool = True  # also published office by office
    frequency: str = "daily"  # DCAT accrual periodicity: "daily", "weekly", "monthly", "annual"
    keywords: tuple[str, ...] = ()
    order: int = 100

    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def filter_names(self) -> list[str]:
        return sorted(self.filters)

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES[self.frequency]


FREQUENCIES = {
    "daily": _("Daily"),
    "weekly": _("Weekly"),
    "monthly": _("Monthly"),
    "annual": _("Yearly"),
}

_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    """Publish a dataset through the API, bulk downloads and the catalogue (idempotent)."""
    if dataset.frequency not in FREQUENCIES:
        raise ValueError(f"Unknown update frequency {dataset.frequency!r} of {dataset.key!r}")
    if "kind" in dataset.filters and dataset.kinds is None:
        raise ValueError(f"Dataset {dataset.key!r} filters by kind without naming the kinds")
    _datasets[dataset.key] = dataset


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda dataset: (dataset.order, dataset.key))


def dataset(key: str) -> Dataset | None:
    return _datasets.get(key)


def records_reader(
    records: Callable[[], QuerySet],
    row: Callable[[object], dict],
    *,
    office_path: str = "office",
    fiscal_year: Callable[[QuerySet, int], QuerySet] | None = None,
    kind_field: str = "kind",
    updated_field: str = "updated_at",
    prepare: Callable[[list], None] | None = None,
) -> Reader:
    """A reader over `records()` (what the public may see, with what `row` reads fetched alongside),
    paged by primary key. `prepare` may fetch what the rows of one page need in one query more."""

    def read(*, filters: Filters, after: Sequence[int] | None, limit: int):
        # Records of offices hidden from the public never leave ("" when the records are offices).
        queryset = records().filter(**{f"{office_path}__is_active" if office_path else "is_active": True})
        if filters.office is not None:
            queryset = queryset.filter(**{office_path or "pk": filters.office.pk})
        if filters.fiscal_year is not None and fiscal_year is not None:
            queryset = fiscal_year(queryset, filters.fiscal_year)
        if filters.kind is not None:
            queryset = queryset.filter(**{kind_field: filters.kind})
        if filters.updated_since is not None:
            queryset = queryset.filter(**{f"{updated_field}__gte": filters.updated_since})
        if after is not None:
            queryset = queryset.filter(pk__gt=after[0])
        items = list(queryset.order_by("pk")[:limit])
        if prepare is not None:
            prepare(items)
        return [((item.pk,), row(item)) for item in items]

    return read


def after_key(names: Sequence[str], after: Sequence[int] | None) -> Q:
    """Rows whose key (the values of `names`, in order) comes after `after`: keyset pagination over
    a key of several columns, e.g. (office, fiscal year)."""
    if after is None:
        return Q()
    condition = Q()
    for position in range(len(names)):
        equal = dict(zip(names[:position], after[:position], strict=True))
        condition |= Q(**equal, **{f"{names[position]}__gt": after[position]})
    return condition


def public_fields(dataset: Dataset, row: dict) -> dict:
    """The row cut down to the dataset's declared columns, nested lists included."""
    return _cut(dataset.columns, row)


def _cut(columns: Sequence[Column], row: dict) -> dict:
    result = {}
    for column in columns:
        value = row.get(column.name)
        if column.type == "list" and column.columns and value is not None:
            value = [_cut(column.columns, item) for item in value]
        result[column.name] = value
    return result


__all__ = [
    "Column",
    "Dataset",
    "Filters",
    "after_key",
    "datasets",
    "public_fields",
    "records_reader",
    "register_dataset",
]
