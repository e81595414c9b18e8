"""Reading datasets for the API and the downloads: the filters and cursor of a request, checked
(every mistake is a `Problem`, answered 400 with a JSON body naming it), and rows shaped for JSON
(codes with their Thai and English labels, absolute addresses) or flattened for CSV."""

import base64
import binascii
import csv
import datetime
import json
import re
from collections.abc import Iterator
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from participation.converters import OfficeSlugConverter
from participation.datasets import Column, Dataset, Filters, public_fields
from participation.models import Office

OFFICE_SLUG = re.compile(OfficeSlugConverter.regex)
DIGITS = re.compile(r"[0-9]{1,6}")  # ASCII only: "²" and "๒" are digits to str.isdigit()
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
CHUNK = 2000  # rows read at a time for a download: what a download holds in memory at most
PAGING = ("cursor", "limit")
FISCAL_YEARS = (2500, 2700)  # Buddhist era: anything outside is a mistake


class Problem(Exception):
    """Something wrong with a request: answered with `status` and a JSON body naming it."""

    def __init__(self, code: str, message: str, *, parameter: str = "", status: int = 400):
        super().__init__(message)
        self.code, self.message, self.parameter, self.status = code, message, parameter, status

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.parameter:
            error["parameter"] = self.parameter
        return {"error": error}


def encode_cursor(key) -> str:
    return base64.urlsafe_b64encode(("k" + ".".join(str(part) for part in key)).encode()).decode().rstrip("=")


def decode_cursor(text: str, length: int) -> tuple[int, ...]:
    """The key a cursor carries; anything but what `encode_cursor` made is a Problem."""
    invalid = Problem("invalid_cursor", _("The cursor is not one this API gave out."), parameter="cursor")
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not decoded.startswith("k"):
        raise invalid
    parts = decoded[1:].split(".")
    if len(parts) != length or not all(part.isdigit() and len(part) <= 18 for part in parts):
        raise invalid
    return tuple(int(part) for part in parts)


def single(query, name: str) -> str:
    values = query.getlist(name)
    if len(values) > 1:
        raise Problem("repeated_parameter", _("Give “%(name)s” once.") % {"name": name}, parameter=name)
    return values[0].strip()


def read_filters(dataset: Dataset, query, *, paging: bool = True) -> tuple[Filters, tuple | None, int]:
    """The dataset's filters, the key to start after and the page size a query string asks for."""
    allowed = set(dataset.filters) | (set(PAGING) if paging else set())
    for name in query:
        if name not in allowed:
            raise Problem(
                "unknown_parameter",
                _("“%(name)s” is not a filter of this dataset; it takes: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(sorted(allowed)) or "-"},
                parameter=name,
            )
    values = {name: single(query, name) for name in query}
    office = fiscal_year = kind = updated_since = after = None
    limit = DEFAULT_LIMIT
    if values.get("office"):
        # Only what could be a short name reaches the database (no NUL, no 10,000 characters).
        slug = values["office"]
        office = Office.objects.active().filter(slug=slug).first() if OFFICE_SLUG.fullmatch(slug) else None
        if office is None:
            raise Problem("unknown_office", _("There is no public office with this short name."), parameter="office")
    if values.get("fiscal_year"):
        text = values["fiscal_year"]
        if not DIGITS.fullmatch(text) or not FISCAL_YEARS[0] <= int(text) <= FISCAL_YEARS[1]:
            raise Problem(
                "invalid_fiscal_year",
                _("Give the fiscal year in the Buddhist era, e.g. 2568."),
                parameter="fiscal_year",
            )
        fiscal_year = int(text)
    if values.get("kind"):
        if values["kind"] not in dataset.kinds.values:
            raise Problem(
                "unknown_kind",
                _("Unknown kind; this dataset's kinds are: %(kinds)s.") % {"kinds": ", ".join(dataset.kinds.values)},
                parameter="kind",
            )
        kind = values["kind"]
    if values.get("updated_since"):
        updated_since = parse_moment(values["updated_since"])
    if values.get("cursor"):
        after = decode_cursor(values["cursor"], dataset.key_length)
    if "limit" in values:
        text = values["limit"]
        if not DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_LIMIT:
            raise Problem(
                "invalid_limit",
                _("Give a page size from 1 to %(max)d; the downloads at /data/ hold everything.") % {"max": MAX_LIMIT},
                parameter="limit",
            )
        limit = int(text)
    return Filters(office=office, fiscal_year=fiscal_year, kind=kind, updated_since=updated_since), after, limit


def parse_moment(text: str) -> datetime.datetime:
    """An ISO 8601 date or time; without a time zone it is Thai time."""
    invalid = Problem(
        "invalid_date",
        _("Give a date or time as ISO 8601, e.g. 2025-01-31 or 2025-01-31T08:00:00+07:00."),
        parameter="updated_since",
    )
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is None:
                raise invalid
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        raise invalid from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@cache
def labels_of(choices) -> dict[str, dict[str, str]]:
    """Each code of a vocabulary with its Thai and English label."""
    labels = {}
    for value, label in choices.choices:
        with translation.override("th"):
            thai = str(label)
        with translation.override("en"):
            english = str(label)
        labels[value] = {"code": value, "th": thai, "en": english}
    return labels


def code_label(choices, value: str) -> dict[str, str]:
    return labels_of(choices).get(value) or {"code": value, "th": value, "en": value}


def shaped(dataset: Dataset, row: dict, site: str) -> dict:
    """A row as the API and JSON Lines give it: declared columns only, codes labelled, addresses absolute."""
    return _shape(dataset.columns, public_fields(dataset, row), site)


def _shape(columns, row: dict, site: str) -> dict:
    result = {}
    for column in columns:
        value = row[column.name]
        if value is None:
            pass
        elif column.type == "code":
            value = code_label(column.choices, value)
        elif column.type == "url":
            value = site + value if value.startswith("/") else value
        elif column.type == "list" and column.columns:
            value = [_shape(column.columns, item, site) for item in value]
        elif column.type == "list" and column.item == "code":
            value = [code_label(column.choices, item) for item in value]
        result[column.name] = value
    return result


def csv_header(dataset: Dataset) -> list[str]:
    header = []
    for column in dataset.columns:
        header.append(column.name)
        if column.type == "code":
            header += [f"{column.name}_th", f"{column.name}_en"]
    return header


def csv_cells(dataset: Dataset, row: dict) -> list[str]:
    """A shaped row as CSV cells: a code as its code and labels, a list of values joined by “;”,
    lists of records and objects as JSON text."""
    cells = []
    for column in dataset.columns:
        value = row[column.name]
        if column.type == "code":
            cells += [value["code"], value["th"], value["en"]] if value else ["", "", ""]
        elif column.type == "list" and not column.columns:
            cells.append(";".join(item["code"] if isinstance(item, dict) else str(item) for item in value or []))
        elif column.type in {"list", "object"}:
            cells.append(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder) if value else "")
        elif value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, datetime.datetime):
            cells.append(timezone.localtime(value).isoformat())
        else:
            cells.append(str(value))
    return cells


def all_rows(dataset: Dataset, filters: Filters, site: str) -> Iterator[dict]:
    """Every row, read CHUNK at a time after the last key: memory stays bounded however many there are."""
    after = None
    while True:
        page = dataset.read(filters=filters, after=after, limit=CHUNK)
        for _key, row in page:
            yield shaped(dataset, row, site)
        if len(page) < CHUNK:
            return
        after = page[-1][0]


class Echo:
    """A file that hands back what is written to it, for csv.writer in a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_stream(dataset: Dataset, filters: Filters, site: str) -> Iterator[bytes]:
    # A byte-order mark first: Excel then reads the file as UTF-8, and Thai stays Thai.
    yield "\ufeff".encode()
    writer = csv.writer(Echo())
    yield writer.writerow(csv_header(dataset)).encode()
    lines = []
    for row in all_rows(dataset, filters, site):
        lines.append(writer.writerow(csv_cells(dataset, row)))
        if len(lines) >= 500:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def jsonl_stream(dataset: Dataset, filters: Filters, site: str) -> Iterator[bytes]:
    lines = []
    for row in all_rows(dataset, filters, site):
        lines.append(json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")
        if len(lines) >= 500:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


__all__ = ["Column", "Problem", "csv_stream", "jsonl_stream", "read_filters", "shaped"]
