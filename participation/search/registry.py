"""What search adds to the core's registries: a section of every office's site (its search page, which
lists honour `?q=` through) and one of the workspace (staff search of the office)."""

from django.utils.translation import gettext_lazy as _

from participation.navigation import register_section, register_workspace_section


def register() -> None:
    register_section(key="search", label=_("Search"), url_name="search:office", order=90)
    register_workspace_section(key="search", label=_("Search"), url_name="search:manage", order=55)
