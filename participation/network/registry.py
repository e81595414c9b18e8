"""What the stakeholder network adds to the core's registries: a section of the workspace (its
members are personal data, so it has no public section), and its active members as each group's roster."""

from django.utils.translation import gettext_lazy as _

from participation.navigation import register_workspace_section
from participation.network import datasets, personaldata, search
from participation.network.models import NetworkMember
from participation.rosters import register_roster


def active_members(group_ids) -> dict[int, list]:
    """The active members of these groups, by group, in the order of their names (one query)."""
    result: dict[int, list] = {}
    for member in NetworkMember.objects.active().filter(group_id__in=list(group_ids)).order_by("name"):
        result.setdefault(member.group_id, []).append(member)
    return result


def register() -> None:
    register_workspace_section(key="network", label=_("Stakeholder network"), url_name="network:manage", order=30)
    register_roster(active_members)
    personaldata.register()
    search.register()
    datasets.register()
