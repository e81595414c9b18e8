"""What search adds to the core's registries: a section of every office's site (its search page, which
lists honour `?q=` through) and one of the workspace (staff search of the office); the public search
pages to the page cache.

A search's page is kept like any public page, under its query, and replaced when the office (for an
office's search) or any office (for the national one) changes what the public sees, so a word many
people look for is answered from the cache. A query unknown to the cache runs the search, which is
rate-limited per address: made-up queries cannot fill the cache faster than that allows."""

from django.utils.translation import gettext_lazy as _

from participation import freshness
from participation.navigation import register_section, register_workspace_section


def register() -> None:
    register_section(key="search", label=_("Search"), url_name="search:office", order=90)
    register_workspace_section(key="search", label=_("Search"), url_name="search:manage", order=55)
    freshness.register_public_pages("search:search", query=("q", "province"))
    freshness.register_public_pages("search:office", query=("q",))
