"""Working groups and their activities as evidence of step 4 ("involve"), and the groups' part of
the year's figures. Registered with the core in GroupsConfig.ready().

An office has a handful of groups and a few dozen activities a year, so both sources are read whole
(one query each, no `tally`). An activity linked to one of the office's recorded meetings is left to
the meetings' source, so that it counts once."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source, register_figures
from participation.fiscal import fiscal_year_range
from participation.groups.models import GroupActivity, GroupMember, WorkingGroup
from participation.vocabularies import CycleStep


def _reached(groups) -> dict[int, list[int]]:
    """The stakeholder groups each working group's members come from, by working group id (one query)."""
    rows = (
        GroupMember.objects.filter(group__in=groups, stakeholder_group__isnull=False)
        .values_list("group_id", "stakeholder_group_id")
        .distinct()
    )
    reached: dict[int, list[int]] = {}
    for group_id, stakeholder_group_id in rows:
        reached.setdefault(group_id, []).append(stakeholder_group_id)
    return reached


def _group_items(groups) -> list[EvidenceItem]:
    groups = list(groups.select_related("office").annotate(member_count=Count("members", distinct=True)))
    reached = _reached([group.pk for group in groups])
    return [
        EvidenceItem(
            source="groups",
            item_id=group.pk,
            title=group.name,
            url=group.get_absolute_url() if group.is_public else "",
            date=group.founded_on,
            is_public=group.is_public,
            level=group.participation_level,
            principles=list(group.principles),
            groups=sorted(reached.get(group.pk, [])),
            details={"kind": group.kind, "status": group.status, "members": group.member_count},
        )
        for group in groups
    ]


def collect_groups(office, fiscal_year):
    """The office's groups that existed during the year."""
    return _group_items(WorkingGroup.objects.for_office(office).in_fiscal_year(fiscal_year))


def find_groups(office, ids):
    return _group_items(WorkingGroup.objects.for_office(office).filter(pk__in=ids))


def _activity_items(activities) -> list[EvidenceItem]:
    activities = list(activities.select_related("group__office"))
    reached = _reached({activity.group_id for activity in activities})
    return [
        EvidenceItem(
            source="group_activities",
            item_id=activity.pk,
            title=f"{activity.group.name}: {activity.title}",
            url=f"{activity.group.get_absolute_url()}#activity-{activity.pk}" if public else "",
            date=activity.held_on,
            is_public=public,
            level=activity.group.participation_level,
            principles=list(activity.group.principles),
            groups=sorted(reached.get(activity.group_id, [])),
            details={"kind": activity.kind, "participants": activity.participants or 0},
        )
        for activity in activities
        for public in [activity.is_public and activity.group.is_public]
    ]


def _activities(office):
    # Linked to a recorded meeting: the meeting is the evidence, with its attendance.
    return GroupActivity.objects.filter(group__office=office, meeting_id__isnull=True)


def collect_activities(office, fiscal_year):
    return _activity_items(_activities(office).in_fiscal_year(fiscal_year))


def find_activities(office, ids):
    return _activity_items(_activities(office).filter(pk__in=ids))


def year_figures(office, fiscal_year) -> dict:
    """The groups' part of the summary's figures: groups, members and activities of the year."""
    start, end = fiscal_year_range(fiscal_year)
    groups = WorkingGroup.objects.for_office(office).in_fiscal_year(fiscal_year)
    counted = groups.aggregate(
        count=Count("pk", distinct=True), active=Count("pk", filter=Q(status="active"), distinct=True)
    )
    members = GroupMember.objects.filter(group__in=groups, term_starts_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    activities = GroupActivity.objects.filter(group__in=groups).in_fiscal_year(fiscal_year)
    by_kind = dict(activities.order_by().values_list("kind").annotate(n=Count("pk")))
    return {
        "count": counted["count"],
        "active": counted["active"],
        "members": members.count(),
        "activities": sum(by_kind.values()),
        "by_kind": by_kind,
    }


def register() -> None:
    register_evidence_source(
        key="groups",
        label=gettext_lazy("Working groups"),
        step=CycleStep.INVOLVE,
        collect=collect_groups,
        find=find_groups,
    )
    register_evidence_source(
        key="group_activities",
        label=gettext_lazy("Working groups' activities"),
        step=CycleStep.INVOLVE,
        collect=collect_activities,
        find=find_activities,
    )
    register_figures("groups", year_figures)
