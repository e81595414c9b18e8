"""Hearings on a draft as evidence of step 3 of the cycle (kind "hearing"), and their part of the
year's figures. Registered in HearingsConfig.ready().

An office holds a few hearings a year, so the source is read whole (no tally): two queries, the
hearings of the year and their comments counted by stakeholder group, whatever their number."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source, register_figures
from participation.fiscal import fiscal_year_range
from participation.hearings.models import Hearing, HearingComment
from participation.models import StakeholderGroup
from participation.officefigures import register_office_figures
from participation.vocabularies import CycleStep

KIND = "hearing"


def _of_year(office, fiscal_year):
    """The hearings of the year that count: every one that was opened, by its opening day."""
    start, end = fiscal_year_range(fiscal_year)
    return Hearing.objects.for_office(office).public().filter(opens_at__date__range=(start, end))


def _by_group(hearings) -> dict[int, dict[int, int]]:
    """Comments that count (not rejected), by hearing and stakeholder group, in one grouped query."""
    rows = (
        HearingComment.objects.counted()
        .filter(hearing__in=hearings)
        .order_by()
        .values("hearing_id", "group_id")
        .annotate(n=Count("pk"))
    )
    counted: dict[int, dict[int, int]] = {}
    for row in rows:
        by_group = counted.setdefault(row["hearing_id"], {})
        by_group[row["group_id"] or 0] = row["n"]
    return counted


def _items(hearings) -> list[EvidenceItem]:
    hearings = list(hearings.select_related("office"))
    counted = _by_group([hearing.pk for hearing in hearings])
    items = []
    for hearing in hearings:
        by_group = counted.get(hearing.pk, {})
        reported = hearing.status == Hearing.Status.REPORTED
        items.append(
            EvidenceItem(
                source=KIND,
                item_id=hearing.pk,
                title=hearing.title,
                url=hearing.get_report_url() if reported else hearing.get_absolute_url(),
                date=timezone.localtime(hearing.opens_at).date(),
                is_public=True,
                level=hearing.participation_level,
                principles=list(hearing.principles),
                groups=[group_id for group_id in by_group if group_id],
                details={
                    "status": hearing.status,
                    "comments": sum(by_group.values()),
                    # Comments by stakeholder group id (0: the commenter named none): the figures add these up.
                    "comments_by_group": {group_id: n for group_id, n in by_group.items() if group_id},
                    "reported": reported,
                    "short": hearing.is_short,
                },
            )
        )
    return items


def collect_hearings(office, fiscal_year) -> list[EvidenceItem]:
    return _items(_of_year(office, fiscal_year).order_by("-opens_at", "-pk"))


def find_hearings(office, ids) -> list[EvidenceItem]:
    return _items(Hearing.objects.for_office(office).public().filter(pk__in=ids))


def search_hearings(office, fiscal_years, text, *, limit) -> list[EvidenceItem]:
    """Opened hearings of these fiscal years whose title holds `text`, latest first."""
    found = Hearing.objects.none()
    for fiscal_year in fiscal_years:
        found |= _of_year(office, fiscal_year).filter(title__icontains=text)
    return _items(found.order_by("-opens_at", "-pk")[:limit])


def summary_figures(office, fiscal_year: int) -> dict:
    """The hearings part of the yearly summary's figures: hearings opened, reported, comments heard
    and who they came from."""
    hearings = _of_year(office, fiscal_year)
    totals = hearings.aggregate(
        count=Count("pk"),
        reported=Count("pk", filter=Q(status=Hearing.Status.REPORTED)),
    )
    counted = _by_group(hearings.values("pk"))
    by_group: dict[int, int] = {}
    for groups in counted.values():
        for group_id, n in groups.items():
            by_group[group_id] = by_group.get(group_id, 0) + n
    names = {
        group.pk: {"th": group.name, "en": group.name_en or group.name}
        for group in StakeholderGroup.objects.filter(pk__in=[group_id for group_id in by_group if group_id])
    }
    return {
        "count": totals["count"],
        "reported": totals["reported"],
        "comments": sum(by_group.values()),
        "by_group": [
            {"group": group_id, "name": names[group_id], "comments": n}
            for group_id, n in sorted(by_group.items(), key=lambda pair: (-pair[1], pair[0]))
            if group_id in names
        ],
    }


def office_figures(office, fiscal_year: int) -> dict:
    """The national overview's count of the year's hearings on a draft opened for comment (drafts not counted)."""
    held = Hearing.objects.for_office(office).in_fiscal_year(fiscal_year).exclude(status=Hearing.Status.DRAFT)
    return {"hearings_held": held.count()}


def register():
    register_evidence_source(
        key=KIND,
        label=gettext_lazy("Hearings on a draft"),
        step=CycleStep.CONSULT,
        collect=collect_hearings,
        find=find_hearings,
        search=search_hearings,
    )
    register_figures("hearings", summary_figures)
    register_office_figures("hearings", office_figures)
