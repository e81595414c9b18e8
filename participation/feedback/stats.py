"""The public feedback figures of a fiscal year: received, answered, answered in time, days to answer,
ratings, for the year and its halves, with breakdowns by kind, channel and month.

Pure functions over a queryset of feedback: they read with three aggregate queries
whatever the number of rows, and never touch anything else. Spam and reports of misconduct are
always left out of these figures. Reports of misconduct are counted apart (`misconduct_figures`),
as the integrity assessment asks: how many were received, are in progress and are finished, per
half-year, and nothing else: never a subject, a message, a sender or who handles it.

Feedback counts in the period it was received in (`received_on`); an item is answered once it has
an answer date, and answered in time when that date, in Thai time, is on or before its reply date.
"""

import dataclasses
import datetime
from collections import Counter

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS

from participation.feedback.models import Feedback
from participation.fiscal import fiscal_year_range

MONTH_ORDER = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
PUBLIC_KINDS = [kind for kind in Feedback.Kind if kind != Feedback.Kind.MISCONDUCT]


class ThaiDate(Func):
    """The day in Thailand of a moment. Thailand keeps UTC+7 all year (no daylight saving since
    1920), so a fixed offset gives the day the zone's rules give, and PostgreSQL does not look the
    zone's name up for each row (half the time of a year's figures). SQLite keeps moments as UTC text."""

    arity = 1
    template = "date(%(expressions)s, '+7 hours')"
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="((%(expressions)s AT TIME ZONE INTERVAL '+07:00')::date)")


ANSWERED = Q(answered_at__isnull=False)
IN_TIME = ANSWERED & Q(due_on__gte=ThaiDate("answered_at"))
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


COUNTS = ["received", "answered", "answered_in_time"]
RATINGS = {"ratings": Count("rating"), "rating_sum": Sum("rating")}


# Days from receiving an item to answering it, in Thai time; NULL while it is not answered.
class DaysBetween(Func):
    """Whole days from the second date to the first, as an integer. Subtracting dates with Django's
    `-` gives an interval, and grouping a year's rows by an interval costs PostgreSQL three times
    what grouping by the integer `date - date` does."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday("
        )


DAYS_TO_ANSWER = DaysBetween(ThaiDate("answered_at"), F("received_on"))


def _by_month(queryset: QuerySet, fiscal_year: int) -> dict[datetime.date, dict]:
    """One query, a row per month: the counts, complaints and ratings of each month of the year,
    October to September, by its first day. The periods are sums of months (the halves are whole
    months), so this one read of the year's rows gives them too."""
    start, end = fiscal_year_range(fiscal_year)
    firsts = {month: datetime.date(start.year if month >= 10 else end.year, month, 1) for month in MONTH_ORDER}
    aggregates = _counts() | {
        "complaints": Count("pk", filter=COMPLAINT),
        **RATINGS,
    }
    rows = queryset.values(month=ExtractMonth("received_on")).annotate(**aggregates).order_by()
    grouped = {row.pop("month"): row for row in rows}
    empty = dict.fromkeys(aggregates, 0)
    figures = {}
    for month in MONTH_ORDER:
        row = grouped.get(month, empty)
        figures[firsts[month]] = {**row, "rating_sum": row["rating_sum"] or 0}  # no ratings sum to NULL
    return figures


def _by_kind_and_channel(queryset: QuerySet) -> tuple[list[Row], list[Row]]:
    """One query, a row per kind and channel that occur (at most 6 × 7): the breakdowns by kind and
    by channel, both added up from it, with a row (perhaps of zeros) for every kind and channel."""
    rows = list(queryset.values("kind", "channel").annotate(**_counts()).order_by())

    def breakdown(field: str, keys: list, labels: dict) -> list[Row]:
        totals = {key: Counter() for key in keys}
        for row in rows:
            totals[row[field]].update({name: row[name] for name in COUNTS})
        return [Row(key=key, label=labels[key], **{name: totals[key][name] for name in COUNTS}) for key in keys]

    kinds = [kind.value for kind in PUBLIC_KINDS]
    return (
        breakdown("kind", kinds, dict(Feedback.Kind.choices)),
        breakdown("channel", list(Feedback.Channel.values), dict(Feedback.Channel.choices)),
    )


def _period_figures(by_month: dict[datetime.date, dict], start: datetime.date, end: datetime.date) -> dict:
    """The counts and ratings of the months from start to end."""
    names = ["received", "answered", "answered_in_time", "complaints", "ratings", "rating_sum"]
    totals = {name: sum(month[name] for first, month in by_month.items() if start <= first <= end) for name in names}
    rating_sum = totals.pop("rating_sum")
    totals["average_rating"] = round(rating_sum / totals["ratings"], 2) if totals["ratings"] else None
    return totals


def _days_to_answer(queryset: QuerySet, ranges: dict) -> dict[str, Counter]:
    """One query: how many answers took how many days, per half (the year is both halves together)."""
    days = DAYS_TO_ANSWER
    first_end = ranges["first_half"][1]
    in_first_half = Case(When(received_on__lte=first_end, then=Value(1)), default=Value(0), output_field=IntegerField())
    # Grouped by the number of days: a few dozen rows whatever the number of items.
    rows = queryset.filter(ANSWERED).values(first=in_first_half, days=days).annotate(count=Count("pk")).order_by()
    histograms = {key: Counter() for key in ranges}
    for row in rows:
        histograms["year"][row["days"]] += row["count"]
        histograms["first_half" if row["first"] else "second_half"][row["days"]] += row["count"]
    return histograms


def year_counts(queryset: QuerySet, fiscal_year: int) -> tuple[Counter, dict[str, int], Counter]:
    """The year's totals (received, answered, answered in time, ratings and their sum), what was
    received by kind, and how many answers took how many days: one query, a row per kind and
    number of days to answer."""
    start, end = fiscal_year_range(fiscal_year)
    feedback = countable(queryset).in_period(start, end)
    rows = (
        feedback.values("kind", days=DAYS_TO_ANSWER)  # no days: not answered
        .annotate(received=Count("pk"), answered_in_time=Count("pk", filter=IN_TIME), **RATINGS)
        .order_by()
    )
    totals = Counter(dict.fromkeys(("received", "answered", "answered_in_time", "ratings", "rating_sum"), 0))
    by_kind = dict.fromkeys((kind.value for kind in PUBLIC_KINDS), 0)
    histogram = Counter()
    for row in rows:
        totals.update({name: row[name] or 0 for name in ("received", "answered_in_time", "ratings", "rating_sum")})
        by_kind[row["kind"]] += row["received"]
        if row["days"] is not None:
            totals["answered"] += row["received"]
            histogram[row["days"]] += row["received"]
    return totals, by_kind, histogram


def year_figures(queryset: QuerySet, fiscal_year: int) -> dict:
    """The figures of the whole year, without the breakdowns by half, channel and month (what the
    yearly summary keeps): one query, a row per kind and number of days to answer (a few hundred at
    most, whatever the number of items), where `year_statistics` reads the year three times. The
    same figures as its `year` and `by_kind`."""
    totals, by_kind, histogram = year_counts(queryset, fiscal_year)
    ratings = totals["ratings"]
    return {
        "received": totals["received"],
        "answered": totals["answered"],
        "answered_in_time": totals["answered_in_time"],
        "complaints": by_kind[Feedback.Kind.COMPLAINT],
        "median_days": median(histogram),
        "average_rating": round(totals["rating_sum"] / ratings, 2) if ratings else None,
        "ratings": ratings,
        "by_kind": by_kind,
    }


def year_statistics(queryset: QuerySet, fiscal_year: int) -> YearStatistics:
    """The figures of one fiscal year over a queryset of feedback (usually one office's): three
    queries, each one read of the year's rows (which lie on about as many table pages as there are
    rows, so every read costs about the same whatever it groups by)."""
    ranges = halves(fiscal_year)
    start, end = ranges["year"]
    feedback = countable(queryset).in_period(start, end)
    by_month = _by_month(feedback, fiscal_year)
    by_kind, by_channel = _by_kind_and_channel(feedback)
    days = _days_to_answer(feedback, ranges)
    periods = [
        Period(
            key=key,
            start=period_start,
            end=period_end,
            median_days=median(days[key]),
            **_period_figures(by_month, period_start, period_end),
        )
        for key, (period_start, period_end) in ranges.items()
    ]
    return YearStatistics(
        fiscal_year=fiscal_year,
        periods=periods,
        by_kind=by_kind,
        by_channel=by_channel,
        by_month=[
            Row(key=first, label=MONTHS[first.month], **{name: month[name] for name in COUNTS})
            for first, month in by_month.items()
        ],
    )


@dataclasses.dataclass(frozen=True)
class MisconductPeriod:
    """How many reports of misconduct one period received, and where they stand: counts only."""

    key: str  # "year", "first_half", "second_half"
    start: datetime.date
    end: datetime.date
    received: int = 0
    in_progress: int = 0
    finished: int = 0


MISCONDUCT_FINISHED = [Feedback.Status.ANSWERED, Feedback.Status.CLOSED]


def misconduct_figures(queryset: QuerySet, fiscal_year: int) -> list[MisconductPeriod]:
    """Reports of misconduct of the year and its halves, counted by where they stand: one query
    that reads the kind and status of the year's reports and nothing of what they say (spam left out)."""
    ranges = halves(fiscal_year)
    start, end = ranges["year"]
    first_end = ranges["first_half"][1]
    rows = (
        queryset.filter(kind=Feedback.Kind.MISCONDUCT)
        .not_spam()
        .in_period(start, end)
        .values(first=Case(When(received_on__lte=first_end, then=Value(1)), default=Value(0)))
        .annotate(
            received=Count("pk"),
            finished=Count("pk", filter=Q(status__in=MISCONDUCT_FINISHED)),
        )
        .order_by()
    )
    counts = {key: Counter() for key in ranges}
    for row in rows:
        half = "first_half" if row["first"] else "second_half"
        for key in ("year", half):
            counts[key].update(received=row["received"], finished=row["finished"])
    return [
        MisconductPeriod(
            key=key,
            start=period_start,
            end=period_end,
            received=counts[key]["received"],
            in_progress=counts[key]["received"] - counts[key]["finished"],
            finished=counts[key]["finished"],
        )
        for key, (period_start, period_end) in ranges.items()
    ]
