"""The overview's refresh of an office's year, queued when its records change. Run by
`python manage.py run_worker`."""

from contextlib import suppress

from django.core.cache import cache
from django_tasks import task

from participation import freshness
from participation.models import Office
from participation.overview import services


@task()
def refresh_office_year(*, office_id: int, fiscal_year: int) -> None:
    """Count one office's year again from its records."""
    # First: a write from now on must queue another refresh, as this one may count too early for it.
    # Without the cache the mark expires on its own.
    with suppress(freshness.CACHE_ERRORS):
        cache.delete(services.pending_key(office_id, fiscal_year))
    office = Office.objects.filter(pk=office_id).first()
    if office is not None:
        services.office_year_refresh(office=office, fiscal_year=fiscal_year)
