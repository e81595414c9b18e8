"""The participation cycle: one plan a fiscal year with its steps and target groups, and for each
year that is over an approved summary whose figures add up what the other modules generated."""

import datetime
import statistics
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from participation.cycle.models import Plan, PlanStep, StakeholderTarget, SummaryVersion, YearSummary
from participation.fiscal import fiscal_year_range
from participation.vocabularies import CycleStep
from portal.scale import text

if TYPE_CHECKING:
    from portal.scale.generator import Generator


def year_figures() -> defaultdict:
    """Per fiscal year, the tallies a summary reports; announcements, meetings and feedback add to them."""
    return defaultdict(
        lambda: {
            "announcements": 0,
            "channels": Counter(),
            "meetings": 0,
            "held": 0,
            "attended": 0,
            "by_group": Counter(),
            "actions": 0,
            "actions_done": 0,
            "received": 0,
            "answered": 0,
            "in_time": 0,
            "complaints": 0,
            "ratings": [],
            "days": [],
            "by_kind": Counter(),
        }
    )


def open_cycle_tables(gen: "Generator") -> None:
    table = gen.loader.table
    gen.t_plans = table(
        Plan, ["id", "office", "fiscal_year", "previous_summary", "created_by", "created_at", "updated_at"]
    )
    gen.t_steps = table(PlanStep, ["id", "plan", "step", "position", "description", "due_on", "responsible", "status"])
    gen.t_plan_targets = table(StakeholderTarget, ["id", "plan", "group", "reason", "channels"])
    gen.t_summaries = table(
        YearSummary,
        ["id", "plan", "status", "analysis", "lessons", "recommendations", "figures", "version", "submitted_at"]
        + ["return_comment", "approved_by", "approver_name", "approver_position", "approved_at", "updated_at"],
    )
    gen.t_versions = table(
        SummaryVersion,
        ["id", "summary", "number", "snapshot", "submitted_by", "submitted_at", "decision", "decision_comment"]
        + ["decided_by", "decided_at"],
    )


def add_plans(gen: "Generator", office: dict, phrases: text.Phrases, figures) -> None:
    rng = gen.rng
    previous_summary = None
    groups = {group_id: (name, name_en) for group_id, name, name_en in office["groups"]}
    for fiscal_year in gen.years:
        start, end = fiscal_year_range(fiscal_year)
        over = end < gen.today
        plan_id, summary_id = gen.t_plans.new_pk(), gen.t_summaries.new_pk()
        opened = gen.not_after_now(gen.moment(start + datetime.timedelta(days=rng.randint(0, 20)), 9, 12))
        gen.t_plans.add(plan_id, office["id"], fiscal_year, previous_summary, office["staff"], opened, opened)
        for position, step in enumerate(CycleStep.values, start=1):
            status = "done" if over or position == 1 else ("in_progress" if position <= 3 else "not_started")
            gen.t_steps.add(
                gen.t_steps.new_pk(), plan_id, step, position, text.STEP_TEXT[position - 1], end,
                rng.choice(text.DIVISIONS), status,
            )  # fmt: skip
        for group_id, _name, _en in rng.sample(office["groups"], rng.randint(3, 6)):
            gen.t_plan_targets.add(
                gen.t_plan_targets.new_pk(), plan_id, group_id, "ภาคีที่ได้รับผลจากนโยบายการศึกษาของเขตพื้นที่",
                rng.choice(text.CHANNELS_TEXT),
            )  # fmt: skip
        if not over:
            gen.t_summaries.add(
                summary_id, plan_id, "draft", "", "", "", {}, 0, None, "", None, "", "", None, opened
            )  # fmt: skip
            continue
        analysis = rng.choice(text.ANALYSES)
        lessons = rng.choice(text.LESSONS)
        recommendations = "\n".join(rng.sample(text.RECOMMENDATIONS, 2))
        figure = figures[fiscal_year]
        days = figure["days"]
        figures_doc = {
            "fiscal_year": fiscal_year,
            "meetings": {
                "count": figure["meetings"],
                "held": figure["held"],
                "attended": figure["attended"],
                "by_group": [
                    {"group": key, "name": {"th": groups[key][0], "en": groups[key][1]}, "attended": n}
                    for key, n in figure["by_group"].most_common()
                ],
            },
            "announcements": {
                "count": figure["announcements"], "by_channel": dict(figure["channels"].most_common())
            },
            "follow_up": {"count": figure["actions"], "done": figure["actions_done"]},
            "feedback": {
                "received": figure["received"],
                "answered": figure["answered"],
                "answered_in_time": figure["in_time"],
                "complaints": figure["complaints"],
                "median_days": statistics.median(days) if days else None,
                "average_rating": round(statistics.mean(figure["ratings"]), 2) if figure["ratings"] else None,
                "ratings": len(figure["ratings"]),
                "by_kind": dict(figure["by_kind"]),
            },
        }  # fmt: skip
        submitted = gen.not_after_now(gen.moment(end + datetime.timedelta(days=rng.randint(3, 15)), 9, 16))
        returned = rng.random() < 0.2  # the director sent a first version back
        version = 2 if returned else 1
        approved = gen.not_after_now(submitted + datetime.timedelta(days=rng.randint(2, 8) + 7 * returned))
        snapshot = {
            "analysis": analysis, "lessons": lessons, "recommendations": recommendations, "figures": figures_doc
        }  # fmt: skip
        if returned:
            gen.t_versions.add(
                gen.t_versions.new_pk(), summary_id, 1, {**snapshot, "lessons": ""}, office["staff"], submitted,
                "returned", "ขอให้เพิ่มบทเรียนที่ได้รับ", office["director"], submitted + datetime.timedelta(days=2),
            )  # fmt: skip
            submitted += datetime.timedelta(days=7)
            submitted = gen.not_after_now(submitted)
        gen.t_versions.add(
            gen.t_versions.new_pk(), summary_id, version, snapshot, office["staff"], submitted, "approved", "",
            office["director"], approved,
        )  # fmt: skip
        gen.t_summaries.add(
            summary_id, plan_id, "approved", analysis, lessons, recommendations, figures_doc, version, submitted,
            "ขอให้เพิ่มบทเรียนที่ได้รับ" if returned else "", office["director"], office["director_name"],
            office["director_position"], approved, approved,
        )  # fmt: skip
        previous_summary = summary_id
