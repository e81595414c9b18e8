"""The integrity assessment's checklist of published information (OIT): the items the portal can
evidence, their codes and wording by fiscal year, and where each app says how far an office is.

The checklist is renumbered every year, so codes and wording are data (`CHECKLISTS`): a new year is
a new entry, not a code change. A year without its own entry uses the latest earlier one. Apps
register a check per item key in their AppConfig.ready() (`register_check`); the cycle's OIT page
asks every check through `index`, so the cycle imports no other concept app.

A check answers from that fiscal year's records only, with one of three states: complete, in
progress (the year, or the half-year the item needs, is still running) or missing (it is over
and nothing is on record).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fiscal import fiscal_year_range

COMPLETE = "complete"
IN_PROGRESS = "in_progress"
MISSING = "missing"


class State(models.TextChoices):
    """How far an item (or a part of one) is, with its labels for open data."""

    COMPLETE = COMPLETE, _("Complete")
    IN_PROGRESS = IN_PROGRESS, _("In progress")
    MISSING = MISSING, _("Missing")


# Item keys, the portal's own names for what it evidences (the codes below change, these do not).
NEWS = "news"
QUESTIONS = "questions"
PLAN = "plan"
PLAN_HALF_YEAR = "plan_half_year"
PLAN_YEAR = "plan_year"
SATISFACTION = "satisfaction"
COMPLAINT_CHANNEL = "complaint_channel"
COMPLAINT_STATISTICS = "complaint_statistics"
PARTICIPATION = "participation"
MISCONDUCT_CHANNEL = "misconduct_channel"
MISCONDUCT_STATISTICS = "misconduct_statistics"

# fiscal year → [(key, code, {language: wording})], in the checklist's order. A code is the item's number
# in that year's published assessment manual; only o25 (participation, 2568) has been checked against it,
# so the other codes are left empty (the page shows the wording alone) until someone with the manual
# fills them in here: a wrong number in front of an assessor would be worse than none.
CHECKLISTS: dict[int, list[tuple[str, str, dict[str, str]]]] = {
    2568: [
        (NEWS, "", {"th": "ข่าวประชาสัมพันธ์", "en": "News and public relations"}),
        (QUESTIONS, "", {"th": "Q&A (ถาม-ตอบ)", "en": "Questions and answers"}),
        (PLAN, "", {"th": "แผนดำเนินงานประจำปี", "en": "The year's operating plan"}),
        (
            PLAN_HALF_YEAR,
            "",
            {"th": "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน", "en": "The plan's six-month progress report"},
        ),
        (PLAN_YEAR, "", {"th": "รายงานผลการดำเนินงานประจำปี", "en": "The year's performance report"}),
        (
            SATISFACTION,
            "",
            {"th": "รายงานผลการสำรวจความพึงพอใจการให้บริการ", "en": "Results of the service-satisfaction survey"},
        ),
        (
            COMPLAINT_CHANNEL,
            "",
            {"th": "ช่องทางและแนวปฏิบัติการจัดการเรื่องร้องเรียน", "en": "Complaint channel and handling procedure"},
        ),
        (COMPLAINT_STATISTICS, "", {"th": "ข้อมูลเชิงสถิติเรื่องร้องเรียน", "en": "Complaint statistics"}),
        (
            PARTICIPATION,
            "o25",
            {"th": "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "en": "Opening the work to participation"},
        ),
        (
            MISCONDUCT_CHANNEL,
            "",
            {
                "th": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
                "en": "Channel for complaints of corruption and misconduct",
            },
        ),
        (
            MISCONDUCT_STATISTICS,
            "",
            {
                "th": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
                "en": "Statistics of complaints of corruption and misconduct",
            },
        ),
    ],
}


@dataclass(frozen=True)
class Item:
    key: str
    code: str
    wording: dict[str, str]

    def title(self, language: str) -> str:
        return self.wording.get(language) or self.wording["th"]


@dataclass(frozen=True)
class Check:
    """What an app says about an item for one office and year: its state, the page that shows it,
    and perhaps a short note (plain text) for the assessor."""

    state: str
    url: str
    note: str = ""


def checklist(fiscal_year: int) -> list[Item]:
    """The items of a fiscal year: its own entry, or the latest earlier one (the earliest for older years)."""
    years = sorted(CHECKLISTS)
    chosen = max((year for year in years if year <= fiscal_year), default=years[0])
    return [Item(key, code, wording) for key, code, wording in CHECKLISTS[chosen]]


_checks: dict[str, Callable] = {}


def register_check(key: str, check: Callable) -> None:
    """Let an app say how far an office is with an item: `check(office, fiscal_year) -> Check | None`
    (None: the portal holds nothing of the kind for that office, and the item is not listed)."""
    _checks[key] = check


def index(office, fiscal_year: int) -> list[tuple[Item, Check]]:
    """Every checklist item of the year that an app evidences, with its check, in the checklist's order."""
    rows = []
    for item in checklist(fiscal_year):
        if item.key in _checks:
            check = _checks[item.key](office, fiscal_year)
            if check is not None:
                rows.append((item, check))
    return rows


def by_records(found: bool, fiscal_year: int, *, until: datetime.date | None = None, today=None) -> str:
    """The state of an item that needs records of the year (or of the period ending `until`):
    complete with them, in progress without them while the period runs, missing after it."""
    if found:
        return COMPLETE
    end = until or fiscal_year_range(fiscal_year)[1]
    return IN_PROGRESS if (today or timezone.localdate()) <= end else MISSING


def first_half_end(fiscal_year: int) -> datetime.date:
    """31 March: the end of the first half of a fiscal year, when six-month figures are due."""
    return datetime.date(fiscal_year_range(fiscal_year)[1].year, 3, 31)


def after_first_half(fiscal_year: int, today=None) -> str:
    """Figures published per half-year: complete once the first half is over (they state their counts,
    "none" included), in progress before."""
    return COMPLETE if (today or timezone.localdate()) > first_half_end(fiscal_year) else IN_PROGRESS
