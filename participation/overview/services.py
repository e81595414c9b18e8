"""Writes of the national overview: an office's year refreshed from its records, refreshes queued
when records change (one per office and year for a burst of writes), and the nightly reconciliation.

The figures come from the apps through the core's registry (participation.officefigures); this app
never reads another app's records itself."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from participation import freshness
from participation.fiscal import current_fiscal_year
from participation.models import Office
from participation.officefigures import FIGURES, office_year_figures
from participation.overview.models import OfficeYear
from participation.overview.rollup import histogram_median
from participation.sharedcache import redis_cache, redis_client

logger = logging.getLogger(__name__)
PENDING_PREFIX = "overview:pending:"
# A refresh queued but never run (a worker down) stops holding back new ones after this long.
PENDING_GRACE = 3600


def refreshed_years() -> list[int]:
    """The fiscal years a write refreshes: this one, and the last one (whose summary is approved
    after it ended). Older years change through the nightly reconciliation."""
    year = current_fiscal_year()
    return [year, year - 1]


def stored_values(figures: dict) -> dict:
    """An OfficeYear's fields from the registered figures."""
    values = {name: figures[name] for name in FIGURES}
    values["median_days"] = histogram_median({int(days): n for days, n in figures["answer_days"].items()})
    return values


@transaction.atomic
def office_year_refresh(*, office: Office, fiscal_year: int) -> tuple[OfficeYear, bool]:
    """Count one office's year from its records again and store it; whether anything changed."""
    values = stored_values(office_year_figures(office, fiscal_year))
    row = OfficeYear.objects.select_for_update().filter(office=office, fiscal_year=fiscal_year).first()
    if row is None:
        row = OfficeYear.objects.create(office=office, fiscal_year=fiscal_year, **values)
        changed = True
    else:
        changed = any(getattr(row, name) != value for name, value in values.items())
        if changed:
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=[*values, "refreshed_at"])
    if changed:
        freshness.office_changed(None)  # the national pages: the overview
    return row, changed


def pending_key(office_id: int, fiscal_year: int) -> str:
    return f"{PENDING_PREFIX}{office_id}:{fiscal_year}"


def queue_refresh(office_id: int, fiscal_years: list[int]) -> list[int]:
    """Queue a refresh of each of an office's years unless one is already waiting: the first write of a
    burst queues it, to run OVERVIEW_REFRESH_DELAY seconds later, and the others find it waiting. The task
    forgets the mark as it starts, so a write made while it counts queues the next one. The years queued."""
    from participation.overview.tasks import refresh_office_year

    delay = settings.OVERVIEW_REFRESH_DELAY
    try:
        marked = _mark_waiting([pending_key(office_id, year) for year in fiscal_years], int(delay) + PENDING_GRACE)
    except freshness.CACHE_ERRORS:
        # Without the shared cache no burst can be told apart: the nightly reconciliation catches up.
        logger.warning("The overview refresh of office %s was not queued: no cache", office_id, exc_info=True)
        return []
    queued = [year for year, new in zip(fiscal_years, marked, strict=True) if new]
    task = refresh_office_year
    if delay > 0 and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    for fiscal_year in queued:
        task.enqueue(office_id=office_id, fiscal_year=fiscal_year)
    return queued


def _mark_waiting(keys: list[str], timeout: int) -> list[bool]:
    """Set each mark unless it is set: whether each one is new. Every write of an office asks, so with
    Redis it is one round trip on the shared client (Django's API makes a client and a trip per key)."""
    backend = redis_cache()
    if backend is None:
        return [cache.add(key, 1, timeout=timeout) for key in keys]
    with redis_client(backend).pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.set(backend.make_and_validate_key(key), 1, nx=True, ex=timeout)
        return [bool(done) for done in pipe.execute()]


def office_written(office: Office) -> None:
    """A record of the office changed (participation.freshness tells): refresh its recent years once
    the write is committed. A refresh that cannot be queued never undoes the write."""
    years = refreshed_years()
    transaction.on_commit(lambda: queue_refresh(office.pk, years), robust=True)


def overview_reconcile(*, fiscal_years: list[int]) -> dict[str, int]:
    """Count every office's years again from its records (the nightly run): rows refreshed, and of
    them how many had drifted from their records."""
    refreshed = changed = 0
    for office in Office.objects.order_by("pk"):
        for fiscal_year in fiscal_years:
            _row, drifted = office_year_refresh(office=office, fiscal_year=fiscal_year)
            refreshed += 1
            changed += drifted
    return {"refreshed": refreshed, "changed": changed}
