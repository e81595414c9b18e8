"""Thai government fiscal years: 1 October to 30 September, named by the
Buddhist-era year in which they end (FY 2568 = 1 Oct 2024 – 30 Sep 2025)."""

import datetime

from django.utils import timezone

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10


def be_year(value: datetime.date | int) -> int:
    """The Buddhist-era year of a date or of a Gregorian year."""
    year = value if isinstance(value, int) else value.year
    return year + BE_OFFSET


def fiscal_year_of(value: datetime.date) -> int:
    """The Buddhist-era fiscal year a date falls in; 1 October starts the next one."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    ends_in = value.year + 1 if value.month >= FISCAL_YEAR_START_MONTH else value.year
    return ends_in + BE_OFFSET


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a Buddhist-era fiscal year."""
    ends_in = fiscal_year - BE_OFFSET
    return datetime.date(ends_in - 1, 10, 1), datetime.date(ends_in, 9, 30)


def current_fiscal_year() -> int:
    """The fiscal year of today, in the portal's time zone."""
    return fiscal_year_of(timezone.localdate())
