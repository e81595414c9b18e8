"""What the open data app adds to the core's registries: the offices dataset (offices are the core's),
and its section of the site's navigation is the footer link in the base template."""

from participation.opendata import datasets


def register() -> None:
    datasets.register()
