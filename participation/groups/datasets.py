"""What working groups publish as open data: every public group (closed ones stay, marked closed),
with its public activities and its current members counted by role, named only when they agreed
(`name_public`). Internal groups and activities, members' e-mails and phones, join requests and
evaluation scores never leave."""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.groups.models import GroupActivity, GroupMember, WorkingGroup, ranked
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

MEMBER_COLUMNS = (
    Column("name", "string", _("Name (only of members who agreed to have it shown)")),
    Column("position", "string", _("Position or organisation")),
    Column("role", "code", _("Role in the group"), choices=GroupMember.Role),
    Column("term_starts_on", "date", _("Term starts on")),
    Column("term_ends_on", "date", _("Term ends on"), nullable=True),
)

ACTIVITY_COLUMNS = (
    Column("kind", "code", _("Meeting, training or activity"), choices=GroupActivity.Kind),
    Column("title", "string", _("Title")),
    Column("held_on", "date", _("Held on")),
    Column("record", "text", _("What was done")),
    Column("participants", "integer", _("People who took part"), nullable=True),
)

COLUMNS = (
    Column("id", "integer", _("Number of the group, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("kind", "code", _("Citizen group, integrity group, committee or network"), choices=WorkingGroup.Kind),
    Column("name", "string", _("Name")),
    Column("purpose", "text", _("Purpose")),
    Column("status", "code", _("Active or closed"), choices=WorkingGroup.Status),
    Column("founded_on", "date", _("Founded on")),
    Column("term_ends_on", "date", _("Term ends on"), nullable=True),
    Column("closed_on", "date", _("Closed on"), nullable=True),
    Column("close_reason", "text", _("Why it was closed")),
    Column("practices", "list", _("How the group works"), item="string"),
    Column("participation_level", "code", _("Participation level"), choices=ParticipationLevel),
    Column("principles", "list", _("Good-governance principles it serves"), item="code", choices=GovernancePrinciple),
    Column("stakeholder_groups", "list", _("Numbers of the stakeholder groups it draws from"), item="integer"),
    Column("member_count", "integer", _("Current members, named or not")),
    Column("members_by_role", "object", _("Current members counted by role (code of the role: number)")),
    Column("members", "list", _("Current members who agreed to have their name shown"), columns=MEMBER_COLUMNS),
    Column("activities", "list", _("Public activities, latest first"), columns=ACTIVITY_COLUMNS),
    Column("url", "url", _("Public page of the group")),
    Column("updated_at", "datetime", _("Last change")),
)


def records():
    return (
        WorkingGroup.objects.public()
        .select_related("office")
        .prefetch_related(
            "stakeholder_groups",
            Prefetch(
                "members",
                queryset=GroupMember.objects.current().named_publicly().order_by("pk"),
                to_attr="named_members",
            ),
            Prefetch(
                "activities", queryset=GroupActivity.objects.public().order_by("-held_on", "-pk"), to_attr="shown"
            ),
        )
    )


def count_members(groups: list[WorkingGroup]) -> None:
    """The current members of a page's groups counted by role, in one query."""
    counts = defaultdict(Counter)
    rows = (
        GroupMember.objects.current()
        .filter(group__in=[group.pk for group in groups])
        .order_by()
        .values_list("group_id", "role")
        .annotate(n=Count("pk"))
    )
    for group_id, role, n in rows:
        counts[group_id][role] = n
    for group in groups:
        group.role_counts = counts.get(group.pk, Counter())


def row(group: WorkingGroup) -> dict:
    roles = getattr(group, "role_counts", Counter())
    closed = group.status == WorkingGroup.Status.CLOSED
    return {
        "id": group.pk,
        "office": group.office.slug,
        "kind": group.kind,
        "name": group.name,
        "purpose": group.purpose,
        "status": group.status,
        "founded_on": group.founded_on,
        "term_ends_on": group.term_ends_on,
        "closed_on": group.closed_on if closed else None,
        "close_reason": group.close_reason if closed else "",
        "practices": [str(practice) for practice in group.practices or []],
        "participation_level": group.participation_level,
        "principles": [value for value in group.principles or [] if value in GovernancePrinciple.values],
        "stakeholder_groups": sorted(item.pk for item in group.stakeholder_groups.all()),
        "member_count": sum(roles.values()),
        "members_by_role": {role: roles[role] for role in GroupMember.Role.values if roles.get(role)},
        "members": [
            {
                "name": member.name,
                "position": member.position,
                "role": member.role,
                "term_starts_on": member.term_starts_on,
                "term_ends_on": member.term_ends_on,
            }
            for member in ranked(member for member in group.named_members if member.name_public)
        ],
        "activities": [
            {
                "kind": activity.kind,
                "title": activity.title,
                "held_on": activity.held_on,
                "record": activity.record,
                "participants": activity.participants,
            }
            for activity in group.shown
            if activity.is_public
        ],
        "url": group.get_absolute_url(),
        "updated_at": group.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="working-groups",
            title=_("Working groups"),
            description=_(
                "The offices' public working groups, committees and networks, with their public activities and "
                "current members counted by role. A member's name is published only with their consent; e-mails "
                "and phone numbers never are."
            ),
            columns=COLUMNS,
            read=records_reader(
                records,
                row,
                fiscal_year=lambda queryset, year: queryset.in_fiscal_year(year),
                prepare=count_members,
            ),
            filters=frozenset({"office", "fiscal_year", "kind", "updated_since"}),
            kinds=WorkingGroup.Kind,
            keywords=("working groups", "committees", "คณะทำงาน", "การมีส่วนร่วม"),
            order=38,
        )
    )
