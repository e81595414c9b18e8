"""Announcements as evidence of step 2 of the cycle, with their channels. Registered with the core
in AnnouncementsConfig.ready() (through registry.py).

An office publishes thousands of announcements over the years, so the source counts in the database
(`tally`) and hands out records a page at a time (`collect` with `limit` and `offset`); staff find one
of another year by its subject (`search`)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, Channel
from participation.evidence import EvidenceItem, register_evidence_source
from participation.tallies import AmongRecords, Tally, TallyCounts
from participation.vocabularies import CycleStep


def _evidence(announcements) -> list[EvidenceItem]:
    return [
        EvidenceItem(
            source="announcements",
            item_id=item.pk,
            title=item.subject,
            url=item.get_absolute_url(),
            date=item.announced_on,
            level=item.participation_level,
            principles=list(item.principles),
            groups=[group.pk for group in item.target_groups.all()],
            details={"kind": item.kind, "channels": list(item.channels)},
        )
        for item in announcements
    ]


def _of_year(office, fiscal_year, *, exclude=()):
    """The office's live announcements dated in the fiscal year (all of them are public)."""
    announcements = Announcement.objects.for_office(office).live().in_fiscal_year(fiscal_year)
    return announcements.exclude(pk__in=exclude) if exclude else announcements


def announcements_of_year(office, fiscal_year, *, public_only=False, exclude=(), limit=None, offset=0):
    """Step 2's evidence: the office's public announcements dated in the fiscal year, with their
    channels, latest first; a slice of them when `limit` is given."""
    items = (
        _of_year(office, fiscal_year, exclude=exclude)
        .with_office()
        .prefetch_related("target_groups")
        .order_by("-announced_on", "-pk")
    )
    if limit is not None:
        items = items[offset : offset + limit]
    return _evidence(items)


def tally_announcements(office, fiscal_year, *, exclude=()) -> Tally:
    """What the year's announcements add up to, counted in the database in two queries: one row
    per participation level (with the principles, kinds and channels counted by value), and one
    per group reached."""
    announcements = _of_year(office, fiscal_year, exclude=exclude)
    counts = TallyCounts(
        breakdowns={"kind": ("kind", Announcement.Kind.values), "channels": ("channels", Channel.values, True)}
    )
    result = Tally()
    rows = announcements.order_by().values("participation_level").annotate(n=Count("pk"), **counts.aggregates())
    for row in rows:
        result.public += row["n"]
        result.levels[row["participation_level"]] += row["n"]
        counts.add(result, row)
    groups = Announcement.target_groups.through.objects
    reached = groups.filter(AmongRecords("announcement_id", announcements.order_by().values("pk")))
    result.groups.update(reached.order_by().values_list("stakeholdergroup_id", flat=True).distinct())
    return result


def announcements_by_id(office, ids):
    items = (
        Announcement.objects.for_office(office)
        .live()
        .filter(pk__in=ids)
        .with_office()
        .prefetch_related("target_groups")
    )
    return _evidence(items)


def search_announcements(office, fiscal_years, text, *, limit):
    """The office's live announcements of these fiscal years whose subject contains `text`, latest
    first, at most `limit`. One query a year: a single range is what the (office, announced_on)
    index answers, where an OR of ranges has PostgreSQL read all the office's announcements."""
    found = []
    for fiscal_year in fiscal_years:
        found += (
            _of_year(office, fiscal_year)
            .filter(subject__icontains=text)
            .with_office()
            .order_by("-announced_on", "-pk")[:limit]
        )
    found.sort(key=lambda item: (item.announced_on, item.pk), reverse=True)
    return [
        EvidenceItem(
            source="announcements",
            item_id=item.pk,
            title=item.subject,
            url=item.get_absolute_url(),
            date=item.announced_on,
        )
        for item in found[:limit]
    ]


def register() -> None:
    register_evidence_source(
        key="announcements",
        label=_("Announcements"),
        step=CycleStep.PUBLISH,
        collect=announcements_of_year,
        tally=tally_announcements,
        find=announcements_by_id,
        search=search_announcements,
    )
