"""Feedback figures and pages run a fixed number of queries whatever the number of items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FeedbackFactory
from tests.feedback.helpers import PERSONAL, fill, stats_of
from tests.helpers import FY, count_queries

pytestmark = pytest.mark.django_db


def test_the_figures_take_a_fixed_number_of_queries(singburi):
    fill(singburi, 3)
    with CaptureQueriesContext(connection) as small:
        stats_of(singburi)
    fill(singburi, 60)
    with CaptureQueriesContext(connection) as large:
        stats_of(singburi)
    assert len(small) == len(large) == 3  # by month (and so the periods), by kind and channel, days to answer


def test_stats_page_runs_a_fixed_number_of_queries(client, singburi):
    url = f"/singburi/feedback/stats/?year={FY}"
    fill(singburi, 3)
    small = count_queries(client, url)
    fill(singburi, 60)
    assert count_queries(client, url) == small


def test_answers_page_runs_a_fixed_number_of_queries(client, singburi):
    fill(singburi, 4)
    small = count_queries(client, "/singburi/feedback/")
    fill(singburi, 60)
    assert count_queries(client, "/singburi/feedback/") == small


@pytest.mark.parametrize(("path", "data"), [("", {}), ("export/", {"format": "json"}), ("erase/", {})])
def test_personal_data_pages_run_a_fixed_number_of_queries(client_for, singburi, path, data):
    """The search, the copy and the confirmation of an erasure, in every kind of record the office keeps."""
    client = client_for("staff_singburi")
    data = {"email": "somchai@example.org", "phone": "0812345678", "name": "สมชาย ใจดี", **data}

    def posted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.post(PERSONAL + path, data).status_code == 200
        return len(queries)

    FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย ใจดี")
    small = posted()
    for _n in range(15):
        FeedbackFactory(office=singburi, email="somchai@example.org", name="สมชาย ใจดี")
    assert posted() == small


def test_inbox_runs_a_fixed_number_of_queries_without_counting_the_office(client_for, singburi):
    """The list reads a page and one row more; open and overdue are one query over the open items."""
    client = client_for("staff_singburi")
    fill(singburi, 4)
    small = count_queries(client, "/manage/singburi/feedback/")
    fill(singburi, 60)
    with CaptureQueriesContext(connection) as large:
        html = client.get("/manage/singburi/feedback/").content.decode()
    assert len(large) == small
    assert not [q["sql"] for q in large if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "feedback_feedback"')]
    assert 'rel="next"' in html
