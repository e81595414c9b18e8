"""What surveys add to the core's registries: a section of the office's site and of the workspace,
evidence of step 3 with the summary's satisfaction figure, open data and search of surveys and published results."""

from django.utils.translation import gettext_lazy as _

from participation.navigation import register_section, register_workspace_section
from participation.surveys import datasets, evidence, freshness, oit, search


def register() -> None:
    freshness.register()
    oit.register()
    register_section(key="surveys", label=_("Surveys"), url_name="surveys:list", order=35)
    register_workspace_section(key="surveys", label=_("Surveys"), url_name="surveys:manage_list", order=45)
    evidence.register()
    search.register()
    datasets.register()
