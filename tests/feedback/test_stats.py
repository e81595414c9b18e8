"""The year's feedback figures (participation.feedback.stats), counted by hand."""

import datetime
from collections import Counter

import pytest

from participation.feedback import stats as feedback_stats
from participation.feedback.models import Feedback
from tests.feedback.helpers import C, K, feedback, fill, stats_of
from tests.helpers import FY

pytestmark = pytest.mark.django_db


def test_year_and_halves(singburi, year_of_feedback):
    stats = stats_of(singburi)
    year, first, second = stats.periods
    assert [p.key for p in stats.periods] == ["year", "first_half", "second_half"]
    assert (first.start, first.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 3, 31))
    assert (second.start, second.end) == (datetime.date(2025, 4, 1), datetime.date(2025, 9, 30))

    assert (year.received, year.answered, year.answered_in_time) == (4, 3, 2)
    assert year.in_time_percent == 66.7
    assert year.median_days == 5  # of 5, 29 and 2 days
    assert (year.ratings, year.average_rating) == (2, 4.0)
    assert year.complaints == 1

    assert (first.received, first.answered, first.answered_in_time, first.in_time_percent) == (2, 2, 1, 50.0)
    assert first.median_days == 17  # between 5 and 29
    assert first.complaints == 1

    assert (second.received, second.answered, second.answered_in_time, second.in_time_percent) == (2, 1, 1, 100.0)
    assert second.median_days == 2
    assert (second.ratings, second.average_rating) == (0, None)
    assert second.complaints == 0


def test_breakdowns(singburi, year_of_feedback):
    stats = stats_of(singburi)
    by_kind = {row.key: row for row in stats.by_kind}
    assert K.MISCONDUCT not in by_kind
    assert set(by_kind) == set(K.values) - {K.MISCONDUCT}
    assert (by_kind[K.COMPLAINT].received, by_kind[K.COMPLAINT].answered_in_time) == (1, 1)
    assert (by_kind[K.SUGGESTION].answered, by_kind[K.SUGGESTION].answered_in_time) == (1, 0)
    assert by_kind[K.COMPLIMENT].received == 0

    by_channel = {row.key: row.received for row in stats.by_channel}
    assert by_channel == {**dict.fromkeys(C.values, 0), C.WEB: 3, C.PHONE: 1}

    months = stats.by_month
    assert [row.key for row in months] == [
        datetime.date(2024, 10, 1),
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 1),
        *[datetime.date(2025, month, 1) for month in range(1, 10)],
    ]
    assert [row.received for row in months] == [1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert [row.answered for row in months] == [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def test_the_deadline_is_a_day_in_thailand(singburi):
    """Answered at 23:00 in Bangkok on the reply date is in time; at 01:00 the next day it is late,
    although both are on the reply date in UTC."""
    due = datetime.date(2024, 10, 20)
    received = datetime.date(2024, 10, 5)
    feedback(singburi, received=received, due_on=due, answered=datetime.datetime(2024, 10, 20, 16, tzinfo=datetime.UTC))
    feedback(singburi, received=received, due_on=due, answered=datetime.datetime(2024, 10, 20, 18, tzinfo=datetime.UTC))
    year = stats_of(singburi).year
    assert (year.answered, year.answered_in_time) == (2, 1)
    assert year.median_days == 15.5  # 15 and 16 days, counted in Bangkok


def test_an_empty_year(singburi):
    stats = stats_of(singburi)
    for period in stats.periods:
        assert (period.received, period.answered, period.complaints, period.ratings) == (0, 0, 0, 0)
        assert period.in_time_percent is period.median_days is period.average_rating is None
    assert len(stats.by_month) == 12


def test_median():
    assert feedback_stats.median(Counter()) is None
    assert feedback_stats.median(Counter({3: 1})) == 3
    assert feedback_stats.median(Counter({1: 1, 10: 1})) == 5.5
    assert feedback_stats.median(Counter({0: 2, 4: 1, 9: 1})) == 2
    assert feedback_stats.median(Counter({2: 5, 100: 1})) == 2


def _year_part(stats) -> dict:
    """What the yearly summary keeps, taken from the full statistics."""
    year = stats.year
    return {
        "received": year.received,
        "answered": year.answered,
        "answered_in_time": year.answered_in_time,
        "complaints": year.complaints,
        "median_days": year.median_days,
        "average_rating": year.average_rating,
        "ratings": year.ratings,
        "by_kind": {row.key: row.received for row in stats.by_kind},
    }


@pytest.mark.parametrize("items", ["hand_counted", "many", "none"])
def test_the_year_figures_are_the_statistics_year(singburi, chainat, items, request):
    """`year_figures` (one query) gives what `year_statistics` (three) gives for the whole year."""
    if items == "hand_counted":
        request.getfixturevalue("year_of_feedback")
    elif items == "many":
        fill(singburi, 60)
    figures = feedback_stats.year_figures(Feedback.objects.for_office(singburi), FY)
    assert figures == _year_part(stats_of(singburi))
    assert list(figures["by_kind"]) == [kind.value for kind in feedback_stats.PUBLIC_KINDS]
    if items == "hand_counted":
        assert (figures["received"], figures["median_days"], figures["average_rating"]) == (4, 5, 4.0)
