"""Announcements as evidence of step 2 of the cycle, with their channels. Registered with the core
in AnnouncementsConfig.ready() (through registry.py).

An office publishes thousands of announcements over the years, so the source counts in the database
(`tally`) and hands out records a page at a time (`collect` with `limit` and `offset`); staff find one
of another year by its subject (`search`)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement
from participation.evidence import EvidenceItem, Tally, register_evidence_source
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
    """What the year's announcements add up to, counted in the database: one row per combination of
    tags and one per combination of kind and channels, one per group reached."""
    announcements = _of_year(office, fiscal_year, exclude=exclude)
    result = Tally()
    for row in announcements.order_by().values("participation_level", "principles").annotate(n=Count("pk")):
        result.public += row["n"]
        result.tags[(row["participation_level"], tuple(row["principles"] or ()))] += row["n"]
    for row in announcements.order_by().values("kind", "channels").annotate(n=Count("pk")):
        result.count("kind", row["kind"], row["n"])
        for channel in row["channels"] or ():
            result.count("channels", channel, row["n"])
    reached = Announcement.target_groups.through.objects.filter(announcement__in=announcements.values("pk"))
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
