"""Adding offices' stored years up: by province, region or supervising office, and for the country.

Pure Python over OfficeYear rows (a few hundred a year): counts are summed; shares and means are
worked out from the summed parts, and the median days to answer from the summed histograms, so a
roll-up is exact, not an average of averages."""

from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from participation.overview.models import LEVELS, PRINCIPLES, STEPS, OfficeYear, percent

SUMMED = (
    "steps_done",
    "levels_covered",
    "principles_covered",
    "groups_targeted",
    "groups_reached",
    "meetings_held",
    "people_attended",
    "hearings_held",
    "surveys_held",
    "feedback_received",
    "feedback_answered",
    "feedback_answered_in_time",
    "feedback_overdue",
    "ratings",
    "rating_sum",
)
summed_figures = attrgetter(*SUMMED)


def histogram_median(histogram: Counter) -> float | None:
    """The median of the values a histogram ({value: how many}) counts."""
    total = sum(histogram.values())
    if not total:
        return None
    # The middle one, or the two middle ones (positions counted from 0) of the values in order.
    wanted = sorted({(total - 1) // 2, total // 2})
    picked, before = [], 0
    for value in sorted(histogram):
        after = before + histogram[value]
        picked += [value for position in wanted if before <= position < after]
        before = after
    return sum(picked) / len(picked)


@dataclass
class Totals:
    """What a set of offices' years adds up to."""

    key: str = ""
    label: str = ""
    url: str = ""
    offices: int = 0
    plans: int = 0
    summaries_approved: int = 0
    summaries_submitted: int = 0  # awaiting approval or approved
    ita_complete: int = 0
    sums: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    answer_days: Counter = field(default_factory=Counter)  # keyed as stored (days as text), read as numbers

    def add(self, row: OfficeYear | None) -> None:
        """Count one office, with its year's figures (None: nothing stored for it yet)."""
        self.offices += 1
        if row is None:
            return
        self.plans += row.has_plan
        self.summaries_approved += row.summary_approved
        self.summaries_submitted += row.summary_status in {"submitted", "approved"}
        self.ita_complete += row.ita_complete
        sums = self.sums
        for name, value in zip(SUMMED, summed_figures(row), strict=True):
            sums[name] += value
        self.by_category.update(row.attended_by_category)
        self.answer_days.update(row.answer_days)

    def merge(self, other: "Totals") -> None:
        """Add the totals of other offices: the same as adding their rows one by one."""
        self.offices += other.offices
        self.plans += other.plans
        self.summaries_approved += other.summaries_approved
        self.summaries_submitted += other.summaries_submitted
        self.ita_complete += other.ita_complete
        self.sums.update(other.sums)
        self.by_category.update(other.by_category)
        self.answer_days.update(other.answer_days)

    def __getattr__(self, name):
        # The summed figures read like a row's: totals.meetings_held.
        if name in SUMMED:
            return self.sums[name]
        raise AttributeError(name)

    @property
    def steps_percent(self) -> float | None:
        """Steps done, in percent of five steps for each office."""
        return percent(self.sums["steps_done"], STEPS * self.offices)

    @property
    def levels_percent(self) -> float | None:
        return percent(self.sums["levels_covered"], LEVELS * self.offices)

    @property
    def principles_percent(self) -> float | None:
        return percent(self.sums["principles_covered"], PRINCIPLES * self.offices)

    @property
    def approved_percent(self) -> float | None:
        return percent(self.summaries_approved, self.offices)

    @property
    def in_time_percent(self) -> float | None:
        return percent(self.sums["feedback_answered_in_time"], self.sums["feedback_answered"])

    @property
    def median_days(self) -> float | None:
        days = Counter()
        for value, answers in self.answer_days.items():
            days[int(value)] += answers
        return histogram_median(days)

    @property
    def mean_rating(self) -> float | None:
        return round(self.sums["rating_sum"] / self.sums["ratings"], 2) if self.sums["ratings"] else None


def roll_up(entries, group) -> list[Totals]:
    """`entries` ((office, row or None) pairs) added up by `group(office)`, which gives (key, label, url)
    or None to leave the office out; in order of label."""
    groups: dict[str, Totals] = {}
    for office, row in entries:
        found = group(office)
        if found is None:
            continue
        key, label, url = found
        groups.setdefault(key, Totals(key=key, label=label, url=url)).add(row)
    return sorted(groups.values(), key=lambda totals: totals.label)


def total(entries, parts: list[Totals] = ()) -> Totals:
    """Every entry added up, and the totals in `parts` (groups of a `roll_up` of other entries) merged in:
    the same as adding their entries too, each row read once."""
    totals = Totals()
    for part in parts:
        totals.merge(part)
    for _office, row in entries:
        totals.add(row)
    return totals
