"""What hearings add to the core's registries: a section of the office's site and of the workspace,
evidence and figures of step 3,, open data and search of hearings and their published comments."""

from django.utils.translation import gettext_lazy as _

from participation.hearings import datasets, evidence, freshness, personaldata, search
from participation.navigation import register_section, register_workspace_section


def register() -> None:
    freshness.register()
    register_section(key="hearings", label=_("Hearings"), url_name="hearings:list", order=25)
    register_workspace_section(key="hearings", label=_("Hearings"), url_name="hearings:manage_list", order=30)
    evidence.register()
    search.register()
    datasets.register()
    personaldata.register()
