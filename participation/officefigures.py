"""An office's year in figures, for the national overview, filled by the apps without the core
importing them.

Each app registers a function in its AppConfig.ready() (`register_office_figures`) that counts, in the
database, its part of one office's fiscal year: plan progress (the cycle), meetings and attendance
(meetings), hearings, surveys, feedback. The names the parts may give are the core's vocabulary
(`FIGURES`), so the overview stores them in columns of its own without knowing which app gave which.

The overview keeps what `office_year_figures` gives per office and year and refreshes it when
records change: apps' writes reach it through `participation.freshness` (`on_office_write`).
"""

from collections.abc import Callable

# Every figure a part may give, with its value when no app gives it (plain JSON-able data).
FIGURES: dict[str, object] = {
    # The yearly cycle
    "has_plan": False,
    "steps_done": 0,  # of the five steps
    "summary_status": "",  # "", or the yearly summary's status: draft, submitted, returned, approved
    "levels_covered": 0,  # participation levels with at least one activity, of five
    "principles_covered": 0,  # good-governance principles with at least one activity, of six
    "groups_targeted": 0,  # stakeholder groups named in step 1
    "groups_reached": 0,  # of those, the groups some activity reached
    "ita_parts": {},  # part of the ITA participation item ("1"–"4") -> complete, in_progress or missing
    "ita_missing": 0,  # parts of the ITA participation evidence not complete yet (0: complete)
    # Meetings
    "meetings_held": 0,
    "people_attended": 0,
    "attended_by_category": {},  # stakeholder-group category -> people
    # Hearings on a draft and surveys
    "hearings_held": 0,
    "surveys_held": 0,
    # Feedback (reports of misconduct never counted)
    "feedback_received": 0,
    "feedback_answered": 0,
    "feedback_answered_in_time": 0,
    "feedback_overdue": 0,  # still open past its reply date
    "answer_days": {},  # days to answer -> how many answers (for medians over several offices)
    "ratings": 0,
    "rating_sum": 0,
}

_parts: dict[str, Callable] = {}


def register_office_figures(key: str, compute: Callable) -> None:
    """Let an app count its part of an office's year: `compute(office, fiscal_year)` gives a dict of
    some of FIGURES' names, counted in the database with a bounded number of queries (idempotent)."""
    _parts[key] = compute


def office_year_figures(office, fiscal_year: int) -> dict:
    """Every figure of one office's fiscal year: what the registered parts give over the defaults."""
    figures = {name: (value.copy() if isinstance(value, dict) else value) for name, value in FIGURES.items()}
    for key, compute in _parts.items():
        part = compute(office, fiscal_year)
        unknown = set(part) - set(FIGURES)
        if unknown:
            raise ValueError(f"Office figures {key!r} gave unknown names: {sorted(unknown)}")
        figures.update(part)
    return figures
