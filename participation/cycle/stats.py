"""What the records say about a year: the summary's figures and the coverage of levels,
principles and stakeholder groups, from the tallies of the evidence (counted in the database by
the sources, see participation.evidence.PlanEvidence), or from evidence already gathered."""

from collections import Counter

from participation.evidence import PlanEvidence
from participation.evidence import figures as registered_figures
from participation.models import StakeholderGroup
from participation.tallies import Tally
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

# "hearing": hearings on a draft (participation.hearings), whose comments by group count as groups reached;
# working groups and their activities (participation.groups) are step-4 activities too.
ACTIVITY_SOURCES = {"announcements", "meetings", "hearings", "hearing", "surveys", "groups", "group_activities"}
MEETING_SOURCES = {"meetings", "hearings"}


def _activities(evidence: dict, plan) -> list:
    """Each activity once (a meeting may show under two steps): those collected for the year, and
    those staff attached by hand on purpose, even from another year (marked "added by hand")."""
    start, end = plan.date_range
    seen, activities = set(), []
    for items in evidence.values():
        for item in items:
            if item.source not in ACTIVITY_SOURCES:
                continue
            if not item.manual and (item.date is None or not start <= item.date <= end):
                continue
            key = ("meeting" if item.source in MEETING_SOURCES else item.source, item.item_id)
            if key not in seen:
                seen.add(key)
                activities.append(item)
    return activities


def year_tallies(plan, evidence=None) -> dict[str, Tally]:
    """Each kind of activity of the year added up once: from gathered evidence when a page has it
    already, otherwise counted in the database."""
    if evidence is None:
        return PlanEvidence(plan).year()
    tallies: dict[str, Tally] = {}
    for item in _activities(evidence, plan):
        tallies.setdefault(item.source, Tally()).add(item)
    return tallies


def _sum(tallies: dict[str, Tally], keys) -> Tally:
    total = Tally()
    for key in keys:
        if key in tallies:
            total.merge(tallies[key])
    return total


def _ranked(counts: Counter) -> list[tuple]:
    """Largest first; equal figures in the order of their keys, so the result does not depend on
    the order records were read in."""
    return sorted(((key, n) for key, n in counts.items() if n), key=lambda pair: (-pair[1], pair[0]))


def compile_figures(plan, evidence=None, *, tallies=None, store=None) -> dict:
    """The numbers the yearly summary reports, as plain data to keep with each submitted version.
    `store`: the year's kept figures (participation.storedfigures), when the caller has them already."""
    tallies = tallies if tallies is not None else year_tallies(plan, evidence)
    meetings = _sum(tallies, MEETING_SOURCES)
    announcements = _sum(tallies, {"announcements"})
    attended_by_group = meetings.breakdown("by_group")
    names = {
        group.pk: {"th": group.name, "en": group.name_en or group.name}
        for group in StakeholderGroup.objects.filter(pk__in=list(attended_by_group))
    }
    return {
        "fiscal_year": plan.fiscal_year,
        "meetings": {
            "count": meetings.total,
            "held": meetings.breakdown("status")["held"],
            "attended": meetings.sums["attended"],
            "by_group": [
                {"group": group_id, "name": names[group_id], "attended": count}
                for group_id, count in _ranked(attended_by_group)
                if group_id in names
            ],
        },
        "announcements": {
            "count": announcements.total,
            "by_channel": dict(_ranked(announcements.breakdown("channels"))),
        },
        "follow_up": {"count": meetings.sums["actions"], "done": meetings.sums["actions_done"]},
        # What other apps add (the feedback figures), through the core's registry.
        **registered_figures(plan.office, plan.fiscal_year, store=store),
    }


def meetings_with_outcomes(tallies: dict[str, Tally]) -> int:
    """Meetings of the year whose outcomes are public."""
    return sum(tallies[key].sums["public_outcomes"] for key in MEETING_SOURCES if key in tallies)


def coverage(plan, evidence=None, *, tallies=None) -> dict:
    """Participation level × good-governance principle across the year's activities, with warnings,
    and the groups targeted in step 1 against the groups that took part."""
    tallies = tallies if tallies is not None else year_tallies(plan, evidence)
    activities = _sum(tallies, ACTIVITY_SOURCES)
    matrix = {level: dict.fromkeys(GovernancePrinciple.values, 0) for level in ParticipationLevel.values}
    levels: Counter = Counter()
    principles: Counter = Counter()
    for level, n in activities.levels.items():
        if level in matrix and n:
            levels[level] += n
    for (level, principle), n in activities.tags.items():
        if level in matrix and principle in matrix[level] and n:
            matrix[level][principle] += n
            principles[principle] += n
    missing_levels = [level for level in ParticipationLevel if not levels[level]]
    missing_principles = [principle for principle in GovernancePrinciple if not principles[principle]]
    only_inform = bool(activities.total) and set(levels) == {ParticipationLevel.INFORM}
    targets = list(plan.targets.select_related("group"))
    return {
        "activity_count": activities.total,
        "rows": [
            {
                "level": level,
                "cells": [matrix[level.value][p.value] for p in GovernancePrinciple],
                "total": levels[level],
            }
            for level in ParticipationLevel
        ],
        "principles": list(GovernancePrinciple),
        "missing_levels": missing_levels,
        "missing_principles": missing_principles,
        "only_inform": only_inform,
        "targeted": [target.group for target in targets],
        "never_reached": [target.group for target in targets if target.group_id not in activities.groups],
    }
