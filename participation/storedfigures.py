"""What an office's records of a year add up to, kept in the database until those records change.

The yearly cycle's pages (the plan, the ITA and OIT pages, the workspace) show figures of the whole
year: the sources' tallies (participation.tallies) and the apps' figures for the summary. Counting
them costs as much as the office has records, so what was counted is kept in `StoredFigure` rows,
each labelled with the office's records version (`RecordsVersion`) at the moment counting began:

- Every save and delete of a watched model (participation.freshness.watch) gives its office a new
  version, inside the write's transaction. A kept figure whose label is not the current version is
  never read again: it is counted anew and replaced.
- The version is read before the records are counted, so a write that commits while they are counted
  leaves the new figure labelled with the old version: it is counted again next time, never trusted
  while it may lack that write.
- What changes with the clock alone (an announcement's scheduled time, a meeting starting, the day a
  reply falls due) is covered by `valid_until`: the next such moment the apps declare to the page
  cache (`participation.freshness.register_schedule`), and never past the next midnight.

Writes made without signals (`QuerySet.update()`, raw SQL) must call `records_changed(office)`. Watched
writes reach it through `freshness.on_records_write`, registered in ParticipationConfig.ready().

A figure is plain JSON data: whoever keeps one gives how to write it down and read it back.
"""

import hashlib
import json
import logging
import secrets
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from participation import freshness
from participation.models import RecordsVersion, StoredFigure

TOKEN_BITS = 62
logger = logging.getLogger(__name__)


def _token() -> int:
    return secrets.randbits(TOKEN_BITS)


def records_changed(office) -> None:
    """Give the office's records a new version: every figure kept for it is counted again."""
    if office is None or office.pk is None:
        return
    RecordsVersion.objects.bulk_create(
        [RecordsVersion(office_id=office.pk, token=_token())],
        update_conflicts=True,
        unique_fields=["office"],
        update_fields=["token"],
    )


def _current_token(office) -> int:
    """The office's records version, made when it has none yet."""
    token = RecordsVersion.objects.filter(office_id=office.pk).values_list("token", flat=True).first()
    if token is None:
        RecordsVersion.objects.bulk_create([RecordsVersion(office_id=office.pk, token=_token())], ignore_conflicts=True)
        token = RecordsVersion.objects.filter(office_id=office.pk).values_list("token", flat=True).first()
    return token


class YearFigures:
    """The figures kept for one office's fiscal year, read in one query; a figure not kept (or kept
    for an older version, or past its time) is counted by `compute` and kept for the next reader."""

    def __init__(self, office, fiscal_year: int):
        self.office = office
        self.fiscal_year = fiscal_year
        self._token: int | None = None
        self._kept: dict[str, object] | None = None
        self._until = None

    def _load(self) -> dict[str, object]:
        if self._kept is None:
            self._token = _current_token(self.office)
            rows = StoredFigure.objects.filter(
                office_id=self.office.pk,
                fiscal_year=self.fiscal_year,
                token=self._token,
                valid_until__gt=timezone.now(),
            ).values_list("key", "data")
            self._kept = dict(rows)
        return self._kept

    def _valid_until(self):
        if self._until is None:
            self._until = freshness.next_change(self.office.slug, timezone.now())
        return self._until

    def get(self, name: str, compute: Callable, *, dump: Callable = lambda value: value, load: Callable = None):
        """The figure `name`: kept, or counted now by `compute()` and kept. `dump` turns what `compute`
        gives into JSON data, `load` turns that data back (neither is needed for plain data)."""
        kept = self._load()
        if name in kept:
            return load(kept[name]) if load is not None else kept[name]
        # What is handed out is read back from JSON, exactly as a later reader will get it.
        data = json.loads(json.dumps(dump(compute())))
        self._keep(name, data)
        kept[name] = data
        return load(data) if load is not None else data

    def _keep(self, name: str, data) -> None:
        """Keep a figure; a reader that cannot (a read-only replica, a failed transaction) still
        shows what it counted."""
        row = StoredFigure(
            office_id=self.office.pk,
            fiscal_year=self.fiscal_year,
            key=name,
            token=self._token,
            valid_until=self._valid_until(),
            data=data,
        )
        try:
            with transaction.atomic():
                StoredFigure.objects.bulk_create(
                    [row],
                    update_conflicts=True,
                    unique_fields=["office", "fiscal_year", "key"],
                    update_fields=["token", "valid_until", "data"],
                )
        except DatabaseError:
            logger.warning("Figure %s of office %s was counted but not kept", name, self.office.pk, exc_info=True)


def forget_stale() -> int:
    """Remove kept figures that will never be read again (counted for an older version of their
    office's records, or past their time); how many. Run nightly (`forget_stale_figures`)."""
    current = RecordsVersion.objects.filter(office_id=OuterRef("office_id"), token=OuterRef("token"))
    removed, _by_model = StoredFigure.objects.filter(Q(valid_until__lte=timezone.now()) | ~Exists(current)).delete()
    return removed


def digest(ids) -> str:
    """A short name for a set of record ids (what staff left out), for naming a figure counted without them."""
    if not ids:
        return "all"
    text = ",".join(str(i) for i in sorted(ids))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]
