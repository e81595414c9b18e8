"""What the records say about a year: the summary's figures and the coverage of levels,
principles and stakeholder groups. Pure reads over the evidence the sources gathered."""

from collections import Counter

from participation.evidence import figures as registered_figures
from participation.evidence import gather
from participation.models import StakeholderGroup
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

ACTIVITY_SOURCES = {"announcements", "meetings", "hearings"}


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
            key = ("meeting" if item.source in {"meetings", "hearings"} else item.source, item.item_id)
            if key not in seen:
                seen.add(key)
                activities.append(item)
    return activities


def compile_figures(plan, evidence=None) -> dict:
    """The numbers the yearly summary reports, as plain data to keep with each submitted version."""
    evidence = evidence if evidence is not None else gather(plan)
    activities = _activities(evidence, plan)
    meetings = [item for item in activities if item.source in {"meetings", "hearings"}]
    announcements = [item for item in activities if item.source == "announcements"]
    attended_by_group: Counter = Counter()
    for item in meetings:
        attended_by_group.update(item.details.get("by_group", {}))
    names = {
        group.pk: {"th": group.name, "en": group.name_en or group.name}
        for group in StakeholderGroup.objects.filter(pk__in=attended_by_group)
    }
    channels = Counter(channel for item in announcements for channel in item.details.get("channels", []))
    return {
        "fiscal_year": plan.fiscal_year,
        "meetings": {
            "count": len(meetings),
            "held": sum(1 for item in meetings if item.details.get("status") == "held"),
            "attended": sum(item.details.get("attended", 0) for item in meetings),
            "by_group": [
                {"group": group_id, "name": names[group_id], "attended": count}
                for group_id, count in attended_by_group.most_common()
                if count
            ],
        },
        "announcements": {"count": len(announcements), "by_channel": dict(channels.most_common())},
        "follow_up": {
            "count": sum(item.details.get("actions", 0) for item in meetings),
            "done": sum(item.details.get("actions_done", 0) for item in meetings),
        },
        # What other apps add (the feedback figures), through the core's registry.
        **registered_figures(plan.office, plan.fiscal_year),
    }


def coverage(plan, evidence=None) -> dict:
    """Participation level × good-governance principle across the year's activities, with warnings,
    and the groups targeted in step 1 against the groups that took part."""
    evidence = evidence if evidence is not None else gather(plan)
    activities = _activities(evidence, plan)
    matrix = {level: dict.fromkeys(GovernancePrinciple.values, 0) for level in ParticipationLevel.values}
    levels: Counter = Counter()
    principles: Counter = Counter()
    for item in activities:
        if item.level in matrix:
            levels[item.level] += 1
            for principle in item.principles:
                if principle in matrix[item.level]:
                    matrix[item.level][principle] += 1
                    principles[principle] += 1
    missing_levels = [level for level in ParticipationLevel if not levels[level]]
    missing_principles = [principle for principle in GovernancePrinciple if not principles[principle]]
    only_inform = bool(activities) and set(levels) == {ParticipationLevel.INFORM}
    targets = list(plan.targets.select_related("group"))
    reached = {group for item in activities for group in item.groups}
    return {
        "activity_count": len(activities),
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
        "never_reached": [target.group for target in targets if target.group_id not in reached],
    }
