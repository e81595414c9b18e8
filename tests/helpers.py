"""Plain helpers shared by test files of several apps (fixtures live in conftest.py)."""

from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from participation.models import StoredFigure
from participation.uploads import check_upload
from tests.factories import PDF_BYTES, png_bytes, upload

FY = 2568  # the fiscal year most tests work in: 1 October 2024 – 30 September 2025

# What each persona gets from a workspace page of Sing Buri: the login page, the page, or 404 for another office.
OWN_OFFICE = {
    "citizen": 302,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 404,
    "site_admin": 200,
}


def count_queries(client, url) -> int:
    """The number of queries a GET of url runs when it renders (not from the page cache); it must answer 200."""
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class RowCount:
    """Rows the database handed back through Django's cursors while counting."""

    def __init__(self):
        self.rows = 0


@contextmanager
def count_rows():
    """Count every row fetched through Django's cursor wrapper (fetchone, fetchmany, fetchall, iteration)."""
    counted = RowCount()

    def fetchone(self):
        with self.db.wrap_database_errors:
            row = self.cursor.fetchone()
        counted.rows += row is not None
        return row

    def fetchmany(self, size=None):
        with self.db.wrap_database_errors:
            rows = self.cursor.fetchmany() if size is None else self.cursor.fetchmany(size)
        counted.rows += len(rows)
        return rows

    def fetchall(self):
        with self.db.wrap_database_errors:
            rows = self.cursor.fetchall()
        counted.rows += len(rows)
        return rows

    def iterate(self):
        with self.db.wrap_database_errors:
            for row in self.cursor:
                counted.rows += 1
                yield row

    # CursorWrapper hands these to the driver's cursor through __getattr__: defining them on the
    # class puts the counting wrappers in the way.
    with (
        mock.patch.object(CursorWrapper, "fetchone", fetchone, create=True),
        mock.patch.object(CursorWrapper, "fetchmany", fetchmany, create=True),
        mock.patch.object(CursorWrapper, "fetchall", fetchall, create=True),
        mock.patch.object(CursorWrapper, "__iter__", iterate),
    ):
        yield counted


@dataclass(frozen=True)
class Cost:
    queries: int
    rows: int


def page_cost(client, url) -> Cost:
    """The queries a GET of url runs and the rows they fetch when it renders (not from the page cache);
    it must answer 200. Two costs compare equal when both figures are the same. The year's kept figures
    (participation.storedfigures) are forgotten first: the cost is that of counting them."""
    StoredFigure.objects.all().delete()
    with (
        override_settings(PAGE_CACHE_SECONDS=0),
        CaptureQueriesContext(connection) as queries,
        count_rows() as counted,
    ):
        assert client.get(url).status_code == 200
    return Cost(queries=len(queries), rows=counted.rows)


def pdf():
    """A PDF upload as services take it, checked."""
    return check_upload(upload("report.pdf", PDF_BYTES), max_bytes=10**6)


def photo():
    """A PNG upload as services take it, checked."""
    return check_upload(upload("photo.png", png_bytes()), max_bytes=10**6)
