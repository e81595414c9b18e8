"""What working groups add to the core's registries: a section of the office's site and of the
workspace, a block on the office's home, evidence of step 4 with the year's figures,, open data and search of
groups and their members."""

from django.utils.translation import gettext_lazy as _

from participation.groups import datasets, evidence, freshness, personaldata, search
from participation.groups.models import WorkingGroup
from participation.navigation import register_home_block, register_section, register_workspace_section


def groups_for_home(office, count: int = 5):
    """The office's active public groups, for its home page."""
    return list(
        WorkingGroup.objects.for_office(office)
        .public()
        .active()
        .select_related("office")
        .order_by("-founded_on", "pk")[:count]
    )


def register() -> None:
    freshness.register()
    register_section(key="groups", label=_("Working groups"), url_name="groups:list", order=35)
    register_workspace_section(key="groups", label=_("Working groups"), url_name="groups:manage_list", order=35)
    register_home_block(key="groups", template_name="groups/public/_latest.html", items=groups_for_home, order=35)
    evidence.register()
    search.register()
    datasets.register()
    personaldata.register()
