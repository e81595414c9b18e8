"""The overview's table as open data: one row per office and fiscal year, from the stored figures."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from participation import oit
from participation.datasets import Column, Dataset, Filters, after_key, register_dataset
from participation.models import Office
from participation.overview.models import OfficeYear

COLUMNS = (
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("kind", "code", _("Kind of office"), choices=Office.Kind),
    Column("province", "string", _("Province")),
    Column("region", "code", _("Region"), choices=Office.Region, nullable=True),
    Column("parent", "string", _("Short name of the supervising office"), nullable=True),
    Column("fiscal_year", "integer", _("Fiscal year (Buddhist era), 1 October to 30 September")),
    Column("has_plan", "boolean", _("Whether the office has a participation plan for the year")),
    Column("steps_done", "integer", _("Steps of the five-step cycle done")),
    Column("summary_status", "string", _("The yearly summary: draft, submitted, returned, approved, or empty")),
    Column("levels_covered", "integer", _("Participation levels with at least one activity, of five")),
    Column("principles_covered", "integer", _("Good-governance principles with at least one activity, of six")),
    Column("groups_targeted", "integer", _("Stakeholder groups targeted in step 1")),
    Column("groups_reached", "integer", _("Of those, groups some activity reached")),
    Column("meetings_held", "integer", _("Meetings held")),
    Column("people_attended", "integer", _("People who took part in the meetings")),
    Column("attended_by_category", "object", _("People who took part, by stakeholder-group category")),
    Column("hearings_held", "integer", _("Hearings on a draft opened for comment")),
    Column("surveys_held", "integer", _("Surveys opened")),
    Column("feedback_received", "integer", _("Feedback received (no spam, no reports of misconduct)")),
    Column("feedback_answered", "integer", _("Of those, answered")),
    Column("feedback_answered_in_time", "integer", _("Of those, answered by the promised reply date")),
    Column("in_time_percent", "number", _("Answered in time, in percent of what was answered"), nullable=True),
    Column("median_days", "number", _("Median days to answer"), nullable=True),
    Column("mean_rating", "number", _("Mean satisfaction rating given by the senders"), nullable=True),
    Column("ita_complete", "boolean", _("Whether the ITA participation evidence is complete")),
    Column("refreshed_at", "datetime", _("When the figures were last counted")),
)


def read(*, filters: Filters, after, limit: int):
    """Stored rows of active offices, in (office, fiscal year) order."""
    rows = OfficeYear.objects.shown()
    if filters.fiscal_year is not None:
        rows = rows.filter(fiscal_year=filters.fiscal_year)
    rows = rows.filter(after_key(["office_id", "fiscal_year"], after)).order_by("office_id", "fiscal_year")[:limit]
    return [((row.office_id, row.fiscal_year), data_row(row)) for row in rows]


def data_row(row: OfficeYear) -> dict:
    office = row.office
    return {
        "office": office.slug,
        "kind": office.kind,
        "province": office.province,
        "region": office.region or None,
        "parent": office.parent.slug if office.parent_id else None,
        **{column.name: getattr(row, column.name) for column in COLUMNS[5:]},
    }


# The four parts of the ITA participation item, as the ITA page names them.
ITA_PARTS = (
    ("1", "part_1_issue", _("Part 1, the issue and who was asked to take part")),
    ("2", "part_2_participants", _("Part 2, who took part")),
    ("3", "part_3_results", _("Part 3, what came of it")),
    ("4", "part_4_improvement", _("Part 4, how the results improved the work: the approved yearly summary")),
)

ITA_COLUMNS = (
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("fiscal_year", "integer", _("Fiscal year (Buddhist era), 1 October to 30 September")),
    Column("has_plan", "boolean", _("Whether the office has a participation plan for the year")),
    *(Column(name, "code", description, choices=oit.State, nullable=True) for _part, name, description in ITA_PARTS),
    Column("complete", "boolean", _("Whether all four parts are complete")),
    Column("url", "url", _("The ITA evidence page of the year, where each part's records are listed"), nullable=True),
    Column("refreshed_at", "datetime", _("When the states were last worked out")),
)


def read_ita(*, filters: Filters, after, limit: int):
    """The stored states of active offices' years with a plan, in (office, fiscal year) order."""
    rows = OfficeYear.objects.shown().filter(has_plan=True)
    if filters.office is not None:
        rows = rows.filter(office=filters.office)
    if filters.fiscal_year is not None:
        rows = rows.filter(fiscal_year=filters.fiscal_year)
    rows = rows.filter(after_key(["office_id", "fiscal_year"], after)).order_by("office_id", "fiscal_year")[:limit]
    return [((row.office_id, row.fiscal_year), ita_row(row)) for row in rows]


def ita_row(row: OfficeYear) -> dict:
    parts = row.ita_parts or {}
    return {
        "office": row.office.slug,
        "fiscal_year": row.fiscal_year,
        "has_plan": row.has_plan,
        **{name: parts.get(part) for part, name, _description in ITA_PARTS},
        "complete": row.ita_complete,
        "url": ita_url(row.office, row.fiscal_year),
        "refreshed_at": row.refreshed_at,
    }


def ita_url(office, fiscal_year: int) -> str | None:
    """The year's ITA page, when the cycle app offers it (this app reads no other app's code)."""
    try:
        return reverse("cycle:ita", kwargs={"office": office.slug, "year": fiscal_year})
    except NoReverseMatch:
        return None


def register() -> None:
    register_dataset(
        Dataset(
            key="overview",
            title=_("The national overview"),
            description=_(
                "For each office and fiscal year: the plan's progress, the yearly summary, the coverage of "
                "participation levels, principles and targeted groups, meetings and people who took part, "
                "hearings, surveys, feedback answered in time, days to answer, satisfaction and whether the ITA "
                "participation evidence is complete. Counted from the records at most a day ago."
            ),
            columns=COLUMNS,
            read=read,
            filters=frozenset({"fiscal_year"}),
            key_length=2,
            per_office=False,
            keywords=("overview", "ITA", "ภาพรวม"),
            order=90,
        )
    )
    register_dataset(
        Dataset(
            key="ita-parts",
            title=_("ITA participation evidence, part by part"),
            description=_(
                "For each office and fiscal year with a participation plan: how far each of the four parts of the "
                "integrity assessment's participation item is (complete, in progress while the year runs, or "
                "missing), worked out from the year's records as the office's ITA page does, with the address of "
                "that page. Worked out again after the records change, and every night."
            ),
            columns=ITA_COLUMNS,
            read=read_ita,
            filters=frozenset({"office", "fiscal_year"}),
            key_length=2,
            keywords=("ITA", "OIT", "integrity and transparency assessment", "การประเมินคุณธรรมและความโปร่งใส"),
            order=95,
        )
    )
