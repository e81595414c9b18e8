"""What surveys add to the core's registries: a section of the office's site and of the workspace,
and evidence of step 3 with the summary's satisfaction figure, and open data."""

from django.utils.translation import gettext_lazy as _

from participation.navigation import register_section, register_workspace_section
from participation.surveys import datasets, evidence, freshness


def register() -> None:
    freshness.register()
    register_section(key="surveys", label=_("Surveys"), url_name="surveys:list", order=35)
    register_workspace_section(key="surveys", label=_("Surveys"), url_name="surveys:manage_list", order=45)
    evidence.register()
    datasets.register()
