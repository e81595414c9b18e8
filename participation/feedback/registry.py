"""What feedback adds to the core's registries: a section, one of the workspace (the inbox), and
evidence and figures of step 3, and its senders as a source of personal data."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from participation.feedback import datasets, evidence, freshness, oit, personaldata, search
from participation.navigation import register_home_block, register_section, register_workspace_section


def register() -> None:
    freshness.register()
    oit.register()
    register_section(
        key="feedback", label=pgettext_lazy("office navigation", "Feedback"), url_name="feedback:new", order=30
    )
    register_workspace_section(key="feedback", label=gettext_lazy("Feedback"), url_name="feedback:inbox", order=40)
    register_home_block(key="feedback", template_name="feedback/public/_home.html", order=30)
    evidence.register()
    datasets.register()
    personaldata.register()
    search.register()
