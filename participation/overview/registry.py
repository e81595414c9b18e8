"""What the national overview adds to the core's registries: its page in every header, a section of
the workspace (the offices under this one), its table as open data, and a listener for writes."""

from django.utils.translation import gettext_lazy as _

from participation import freshness
from participation.navigation import register_site_link, register_workspace_section
from participation.overview import datasets, services


def register() -> None:
    # The figures change only when the refresh writes them (it forgets the national pages then).
    freshness.register_public_pages("overview:overview", query=("province", "region", "by", "sort"))
    freshness.on_office_write(services.office_written)
    register_site_link(key="overview", label=_("National overview"), url_name="overview:overview", order=10)
    register_workspace_section(key="overview", label=_("Offices under this one"), url_name="overview:manage", order=52)
    datasets.register()
