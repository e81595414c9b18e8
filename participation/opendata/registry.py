"""What the open data app adds to the core's registries: the offices dataset (offices are the core's),
and its section of the site's navigation is the footer link in the base template."""

from participation import freshness
from participation.opendata import datasets


def register() -> None:
    datasets.register()
    # The pages that describe the data (what they list changes with the offices and the release only);
    # the downloads and the API are streamed or answered with their own ETag, never kept whole.
    freshness.register_public_pages("opendata:index", "opendata:office")
