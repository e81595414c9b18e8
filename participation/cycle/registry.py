"""What the yearly cycle adds to the core's registries: a section, two of the workspace (the plans,
and the director's approvals), feedback about a plan, and last year's summary as evidence of step 1."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.cycle import datasets, evidence, freshness, ita, search
from participation.cycle.evidence import office_figures
from participation.navigation import register_section, register_workspace_section
from participation.officefigures import register_office_figures
from participation.permissions import Ability
from participation.topics import register_topic


def plan_title(office, fiscal_year: int) -> str | None:
    if not 2500 <= fiscal_year <= 2700:
        return None
    return _("Participation plan, fiscal year %(year)d") % {"year": fiscal_year}


def register() -> None:
    freshness.register()
    register_section(key="plans", label=gettext_lazy("Participation plans"), url_name="cycle:plans", order=40)
    register_workspace_section(
        key="plans", label=gettext_lazy("Participation plans"), url_name="cycle:manage_plans", order=50
    )
    register_workspace_section(
        key="approvals",
        label=gettext_lazy("Approvals"),
        url_name="cycle:manage_approvals",
        order=60,
        ability=Ability.DECIDE,
    )
    register_topic("plan", plan_title)
    evidence.register()
    search.register()
    datasets.register()
    register_office_figures("cycle", office_figures)
    ita.register()
