"""Plain helpers shared by test files of several apps (fixtures live in conftest.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    """The number of queries a GET of url runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def pdf():
    """A PDF upload as services take it, checked."""
    return check_upload(upload("report.pdf", PDF_BYTES), max_bytes=10**6)


def photo():
    """A PNG upload as services take it, checked."""
    return check_upload(upload("photo.png", png_bytes()), max_bytes=10**6)
