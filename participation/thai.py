"""Thai formatting of dates, years and digits, for pages and official documents."""

import datetime
import re

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

from participation.fiscal import be_year, fiscal_year_of, fiscal_year_range

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# "ที่" typed in front of a document's number, which the layout prints itself.
_NUMBER_PREFIX = re.compile(r"^\s*(?:ที่|เลขที่|no\.)\s*", re.IGNORECASE)


def thai_digits(value) -> str:
    """Write the Arabic digits of a value in Thai digits (๐–๙)."""
    return str(value).translate(_THAI_DIGITS)


def official_number(text: str) -> str:
    """A document's number as it is kept: without the "ที่" the layout prints in front of it, with
    Arabic digits (printed in Thai ones) and single spaces, so "ที่ ๑๒ / 2570" and "12/2570" are one number."""
    number = _NUMBER_PREFIX.sub("", text or "", count=1).translate(_ARABIC_DIGITS)
    number = re.sub(r"\s*/\s*", "/", number)
    return " ".join(number.split())


def _as_local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def thai_date(value: datetime.date | datetime.datetime, *, short: bool = False) -> str:
    """“9 กันยายน 2562”, or short “9 ก.ย. 62”: the day, the Thai month and the Buddhist-era year."""
    day = _as_local_date(value)
    year = be_year(day)
    if short:
        return f"{day.day} {MONTHS_SHORT[day.month - 1]} {year % 100:02d}"
    return f"{day.day} {MONTHS[day.month - 1]} {year}"


def thai_official_date(value: datetime.date | datetime.datetime) -> str:
    """The dating line of an official document: “๑๕ มิถุนายน พ.ศ. ๒๕๖๒”."""
    day = _as_local_date(value)
    return thai_digits(f"{day.day} {MONTHS[day.month - 1]} พ.ศ. {be_year(day)}")


def localized_date(value, *, short: bool = False) -> str:
    """A date as the active language writes it: Thai and Buddhist era, or English and Gregorian."""
    if value in (None, ""):
        return ""
    if get_language() == "th":
        return thai_date(value, short=short)
    return formats.date_format(_as_local_date(value), "j M Y" if short else "j F Y")


def localized_datetime(value, *, short: bool = False) -> str:
    """A date with its local time, e.g. “9 กันยายน 2562 เวลา 09:30 น.”."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if get_language() == "th":
        return f"{thai_date(value, short=short)} เวลา {value:%H:%M} น."
    return f"{localized_date(value, short=short)}, {value:%H:%M}"


def fiscal_year_label(value) -> str:
    """“ปีงบประมาณ 2568” or “Fiscal year 2568 (Oct 2024 – Sep 2025)” for a date or a fiscal year."""
    year = value if isinstance(value, int) else fiscal_year_of(value)
    if get_language() == "th":
        return f"ปีงบประมาณ {year}"
    start, end = fiscal_year_range(year)
    return gettext("Fiscal year %(year)s (Oct %(start)s – Sep %(end)s)") % {
        "year": year,
        "start": start.year,
        "end": end.year,
    }
