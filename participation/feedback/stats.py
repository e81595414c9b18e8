"""The public feedback figures of a fiscal year: received, answered, answered in time, days to answer,
ratings, for the year and its halves, with breakdowns by kind, channel and month.

Pure functions over a queryset of feedback: they read with a fixed number of aggregate queries
whatever the number of rows, and never touch anything else. Spam and reports of misconduct are
always left out (reports of misconduct never appear in public figures, not even as a count).

Feedback counts in the period it was received in (`received_on`); an item is answered once it has
an answer date, and answered in time when that date, in Thai time, is on or before its reply date.
"""

import dataclasses
import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils.dates import MONTHS

from participation.feedback.models import Feedback
from participation.fiscal import fiscal_year_range

# Deadlines are office days in Thailand, whatever the time zone a process runs in.
BANGKOK = ZoneInfo("Asia/Bangkok")
MONTH_ORDER = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
PUBLIC_KINDS = [kind for kind in Feedback.Kind if kind != Feedback.Kind.MISCONDUCT]

ANSWERED = Q(answered_at__isnull=False)
IN_TIME = ANSWERED & Q(due_on__gte=TruncDate("answered_at", tzinfo=BANGKOK))
COMPLAINT = Q(kind=Feedback.Kind.COMPLAINT)


def countable(queryset: QuerySet) -> QuerySet:
    """What public figures count: no spam, no reports of misconduct."""
    return queryset.not_spam().exclude(kind=Feedback.Kind.MISCONDUCT)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def median(histogram: Counter) -> float | None:
    """The median of values given as {value: how many times}."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = {(total - 1) // 2, total // 2}  # one index for an odd total, two for an even one
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        found += [value for index in sorted(middle) if seen <= index < seen + count]
        seen += count
    return sum(found) / len(found)


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of a breakdown: a kind, a channel or a month."""

    key: str | datetime.date
    label: str
    received: int = 0
    answered: int = 0
    answered_in_time: int = 0

    @property
    def in_time_percent(self) -> float | None:
        """Share of the answered items answered by their reply date."""
        return percent(self.answered_in_time, self.answered)


@dataclasses.dataclass(frozen=True)
class Period:
    """The figures of the whole year or of one half."""

    key: str  # "year", "first_half", "second_half"
    start: datetime.date
    end: datetime.date
    received: int
    answered: int
    answered_in_time: int
    complaints: int
    ratings: int
    average_rating: float | None
    median_days: float | None

    @property
    def in_time_percent(self) -> float | None:
        return percent(self.answered_in_time, self.answered)


@dataclasses.dataclass(frozen=True)
class YearStatistics:
    fiscal_year: int
    periods: list[Period]
    by_kind: list[Row]
    by_channel: list[Row]
    by_month: list[Row]  # October to September; `key` is the first day of the month

    @property
    def year(self) -> Period:
        return self.periods[0]


def halves(fiscal_year: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The year and its halves: 1 October – 31 March, 1 April – 30 September."""
    start, end = fiscal_year_range(fiscal_year)
    return {
        "year": (start, end),
        "first_half": (start, datetime.date(end.year, 3, 31)),
        "second_half": (datetime.date(end.year, 4, 1), end),
    }


def _counts(where: Q | None = None) -> dict:
    where = where or Q()
    return {
        "received": Count("pk", filter=where),
        "answered": Count("pk", filter=where & ANSWERED),
        "answered_in_time": Count("pk", filter=where & IN_TIME),
    }


def _period_figures(queryset: QuerySet, ranges: dict) -> dict[str, dict]:
    """One query: the counts and ratings of every period."""
    aggregates = {}
    for key, (start, end) in ranges.items():
        within = Q(received_on__range=(start, end))
        aggregates |= {f"{key}__{name}": value for name, value in _counts(within).items()}
        aggregates[f"{key}__complaints"] = Count("pk", filter=within & COMPLAINT)
        aggregates[f"{key}__ratings"] = Count("rating", filter=within)
        aggregates[f"{key}__average_rating"] = Avg("rating", filter=within)
    row = queryset.aggregate(**aggregates)
    figures = {key: {} for key in ranges}
    for name, value in row.items():
        key, figure = name.split("__")
        figures[key][figure] = value
    for values in figures.values():
        if values["average_rating"] is not None:
            values["average_rating"] = round(values["average_rating"], 2)
    return figures


def _days_to_answer(queryset: QuerySet, ranges: dict) -> dict[str, Counter]:
    """One query: how many answers took how many days, per half (the year is both halves together)."""
    days = ExpressionWrapper(TruncDate("answered_at", tzinfo=BANGKOK) - F("received_on"), output_field=DurationField())
    first_end = ranges["first_half"][1]
    in_first_half = Case(When(received_on__lte=first_end, then=Value(1)), default=Value(0), output_field=IntegerField())
    # Grouped by the number of days: a few dozen rows whatever the number of items.
    rows = queryset.filter(ANSWERED).values(first=in_first_half, days=days).annotate(count=Count("pk")).order_by()
    histograms = {key: Counter() for key in ranges}
    for row in rows:
        histograms["year"][row["days"].days] += row["count"]
        histograms["first_half" if row["first"] else "second_half"][row["days"].days] += row["count"]
    return histograms


def _breakdown(queryset: QuerySet, field, keys: list, labels: dict) -> list[Row]:
    """One query: the counts grouped by one field, with a row (perhaps of zeros) for every key."""
    grouped = {row.pop("key"): row for row in queryset.values(key=field).annotate(**_counts()).order_by()}
    return [Row(key=key, label=labels[key], **grouped.get(key, {})) for key in keys]


def year_statistics(queryset: QuerySet, fiscal_year: int) -> YearStatistics:
    """The figures of one fiscal year over a queryset of feedback (usually one office's): five queries."""
    ranges = halves(fiscal_year)
    start, end = ranges["year"]
    feedback = countable(queryset).in_period(start, end)
    figures = _period_figures(feedback, ranges)
    days = _days_to_answer(feedback, ranges)
    periods = [
        Period(key=key, start=period_start, end=period_end, median_days=median(days[key]), **figures[key])
        for key, (period_start, period_end) in ranges.items()
    ]
    first_days = {month: datetime.date(start.year if month >= 10 else end.year, month, 1) for month in MONTH_ORDER}
    by_month = _breakdown(feedback, ExtractMonth("received_on"), list(MONTH_ORDER), MONTHS)
    return YearStatistics(
        fiscal_year=fiscal_year,
        periods=periods,
        by_kind=_breakdown(feedback, F("kind"), [k.value for k in PUBLIC_KINDS], dict(Feedback.Kind.choices)),
        by_channel=_breakdown(feedback, F("channel"), list(Feedback.Channel.values), dict(Feedback.Channel.choices)),
        by_month=[dataclasses.replace(row, key=first_days[row.key]) for row in by_month],
    )
