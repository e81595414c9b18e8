"""What feedback adds to the core's registries: a section, and evidence and figures of step 3."""

from django.utils.translation import pgettext_lazy

from participation.feedback import evidence
from participation.navigation import register_section


def register() -> None:
    register_section(
        key="feedback", label=pgettext_lazy("office navigation", "Feedback"), url_name="feedback:new", order=30
    )
    evidence.register()
