"""The national overview: every office's year from the stored figures, rolled up by province, region
or supervising office, and a supervising office's view of the offices under it in the workspace.

Both pages read offices and their stored years (a few hundred rows), never the records behind them,
so their queries do not grow with the records; the figures are refreshed by the task queue."""

import math
from collections.abc import Callable

from django.db.models import prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from participation.fiscal import current_fiscal_year
from participation.models import Office, StakeholderGroup
from participation.navigation import address_writer, section_url, section_url_writer
from participation.overview.forms import OverviewFilterForm, year_choices
from participation.overview.models import OfficeYear
from participation.overview.rollup import roll_up, total
from participation.pagination import PageWindow, page_number
from participation.permissions import Ability, office_ids_where
from participation.views import OfficeStaffMixin

PER_PAGE = 100
# What the public overview reads of an office (grouping by supervising office reads the parents too).
OFFICE_FIELDS = ("slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "province", "region", "parent")

SUMMARY_LABELS = {
    "": gettext_lazy("No summary"),
    "draft": gettext_lazy("Draft"),
    "submitted": gettext_lazy("Awaiting approval"),
    "returned": gettext_lazy("Returned for changes"),
    "approved": gettext_lazy("Approved"),
}

# (x, y) of each region on the grid, roughly where it lies: the north at the top, the south below.
REGION_CELLS = {
    Office.Region.NORTH: (0, 0),
    Office.Region.NORTHEAST: (1, 0),
    Office.Region.WEST: (0, 1),
    Office.Region.CENTRAL: (1, 1),
    Office.Region.EAST: (2, 1),
    Office.Region.BANGKOK: (1, 2),
    Office.Region.SOUTH: (0, 3),
}
CELL_WIDTH, CELL_HEIGHT, CELL_GAP = 150, 74, 6
# Fill by the share of offices whose ITA participation evidence is complete, from none to all.
SHADES = ("#e9ecef", "#cfe2ff", "#9ec5fe", "#6ea8fe", "#3d8bfd")


def _sort_key(name: str):
    """A key for sorting (office, row) pairs: best first, offices without figures last."""

    def figure(function):
        def key(entry):
            value = function(entry[1]) if entry[1] is not None else None
            return (value is None, -(value or 0), entry[0].name_th)

        return key

    keys = {
        "steps": figure(lambda row: row.steps_done),
        "coverage": figure(lambda row: row.levels_covered + row.principles_covered),
        "people": figure(lambda row: row.people_attended),
        "feedback": figure(lambda row: row.feedback_received),
        "in_time": figure(lambda row: row.in_time_percent),
        # Fewer days is better.
        "median_days": figure(lambda row: -row.median_days if row.median_days is not None else None),
        "rating": figure(lambda row: row.mean_rating),
        "ita": figure(lambda row: -row.ita_missing if row.has_plan else None),
    }
    return keys.get(name, lambda entry: entry[0].name_th)


def plan_url(office: Office, row: OfficeYear | None, fiscal_year: int) -> str:
    """The office's cycle page of the year, or its list of plans when it has none that year."""
    if row is not None and row.has_plan:
        try:
            return reverse("cycle:plan", kwargs={"office": office.slug, "year": fiscal_year})
        except NoReverseMatch:
            pass
    return section_url("plans", office) or office.get_absolute_url()


def plan_urls(fiscal_year: int) -> Callable[[Office, OfficeYear | None], str]:
    """plan_url for a table of offices: each kind of address written from one reverse(), not one per office."""
    listed = section_url_writer("plans") or address_writer("participation:office", office=str)
    try:
        plans = address_writer("cycle:plan", office=str, year=fiscal_year)
    except NoReverseMatch:
        plans = listed
    return lambda office, row: plans(office.slug) if row is not None and row.has_plan else listed(office.slug)


def office_rows(page, fiscal_year: int) -> SafeString:
    """The rows of the office table. Written here rather than in the template, whose tags cost more
    than everything else the page does when a hundred offices have fourteen figures each; every
    text is escaped as the template would (numbers need none)."""
    blank = escape(_("Not counted yet"))
    labels = {status: escape(label) for status, label in SUMMARY_LABELS.items()}
    url_of = plan_urls(fiscal_year)
    rows = []
    for office, row in page:
        name, province = escape(office.short_name), escape(office.province)
        head = f'<th scope="row"><a href="{escape(url_of(office, row))}">{name}</a></th><td>{province}</td>'
        if row is None:
            rows.append(f'<tr>{head}<td colspan="13">{blank}</td></tr>')
            continue
        cells = [
            row.steps_done,
            labels.get(row.summary_status) or escape(row.summary_status),
            f"{row.levels_covered} · {row.principles_covered}",
            f"{row.groups_reached}/{row.groups_targeted}",
            row.meetings_held,
            row.people_attended,
            row.hearings_held,
            row.surveys_held,
            row.feedback_received,
            *("–" if value is None else value for value in (row.in_time_percent, row.median_days, row.mean_rating)),
            "✓" if row.ita_complete else row.ita_missing,
        ]
        rows.append(f"<tr>{head}{''.join(f'<td>{cell}</td>' for cell in cells)}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 (every text above is escaped)


def workspace_url(office: Office) -> str:
    """The office's plans in the workspace, for those who work there."""
    try:
        return reverse("cycle:manage_plans", kwargs={"office": office.slug})
    except NoReverseMatch:
        return ""


def data_urls(fiscal_year: int) -> dict[str, str]:
    """The table's CSV download and API address for the year (the open data app serves them)."""
    try:
        csv = reverse("opendata:download", kwargs={"key": "overview", "extension": "csv"})
        api = reverse("api:overview")
    except NoReverseMatch:
        return {}
    return {"csv": f"{csv}?fiscal_year={fiscal_year}", "json": f"{api}?fiscal_year={fiscal_year}"}


def entries_of(
    offices: list[Office], fiscal_year: int, *, every_active: bool = False
) -> list[tuple[Office, OfficeYear | None]]:
    """Each office with its stored year (None when nothing was stored yet): one query. When `offices` are
    every active office, the year's rows are read without naming them: a few hundred keys cost more to
    send and plan than the rows of the few inactive offices they leave out."""
    # Not in the model's order (which joins the offices to sort by name) and without the ITA parts and
    # the time of counting, which neither page shows.
    rows = OfficeYear.objects.of_year(fiscal_year).order_by().defer("ita_parts", "refreshed_at")
    if not every_active:
        rows = rows.filter(office__in=[office.pk for office in offices])
    by_office = {row.office_id: row for row in rows}
    return [(office, by_office.get(office.pk)) for office in offices]


def by_region(office: Office):
    return (office.region, "", "") if office.region else None


def region_grid(regions: list, query) -> dict:
    """The regions drawn as a grid on the server (SVG): offices, approved summaries and complete
    ITA evidence in each, shaded by the share with complete evidence; each links to its filter."""
    found = {totals.key: totals for totals in regions}
    cells = []
    for region, (column, row) in REGION_CELLS.items():
        totals = found.get(region.value)
        share = totals.ita_complete / totals.offices if totals and totals.offices else 0
        link = query.copy()
        link["region"] = region.value
        link.pop("page", None)
        cells.append(
            {
                "region": region,
                "totals": totals,
                "x": column * (CELL_WIDTH + CELL_GAP),
                "y": row * (CELL_HEIGHT + CELL_GAP),
                "fill": SHADES[min(math.floor(share * len(SHADES)), len(SHADES) - 1)] if totals else "#f8f9fa",
                "url": f"?{link.urlencode()}",
            }
        )
    return {
        "cells": cells,
        "width": 3 * CELL_WIDTH + 2 * CELL_GAP,
        "height": 4 * CELL_HEIGHT + 3 * CELL_GAP,
        "cell_width": CELL_WIDTH,
        "cell_height": CELL_HEIGHT,
    }


class OverviewView(TemplateView):
    """/overview/: every office's year, filtered and sorted by GET parameters, or rolled up."""

    template_name = "overview/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One read of the active offices, only what the page shows of them: the province choice and the
        # filters are worked out from it.
        offices = list(Office.objects.active().only(*OFFICE_FIELDS))
        provinces = sorted({office.province for office in offices if office.province})
        form = OverviewFilterForm(self.request.GET, provinces=provinces)
        fiscal_year = form.value("year", current_fiscal_year())
        chosen = [(name, value) for name in ("province", "region", "kind") if (value := form.value(name, ""))]
        shown = [office for office in offices if all(getattr(office, name) == value for name, value in chosen)]
        by = form.value("by", "office")
        if by == "parent":
            prefetch_related_objects(shown, "parent")
        entries = entries_of(shown, fiscal_year, every_active=not chosen)
        regions = roll_up(entries, by_region)
        totals = total([(office, row) for office, row in entries if not office.region], regions)
        query = self.request.GET.copy()
        context.update(
            form=form,
            fiscal_year=fiscal_year,
            by=by,
            totals=totals,
            grid=region_grid(regions, query),
            people_by_category=[
                (label, totals.by_category[value])
                for value, label in StakeholderGroup.Category.choices
                if totals.by_category[value]
            ],
            data_urls=data_urls(fiscal_year),
        )
        if by == "office":
            entries.sort(key=_sort_key(form.value("sort", "name")))
            number = page_number(self.request)
            pages = max(math.ceil(len(entries) / PER_PAGE), 1)
            if number > pages:
                number = pages
            page = entries[(number - 1) * PER_PAGE : number * PER_PAGE]
            query.pop("page", None)
            context.update(
                rows=office_rows(page, fiscal_year),
                page_obj=PageWindow(number=number, has_more=number < pages, num_pages=pages),
                filter_query=query.urlencode(),
            )
        else:
            context["groups"] = roll_up(entries, self.grouping(by, query))
        return context

    def grouping(self, by: str, query):
        """How offices are grouped: (key, label, link to the offices of the group) of an office."""

        def link(name, value):
            narrowed = query.copy()
            narrowed[name] = value
            narrowed["by"] = "office"
            narrowed.pop("page", None)
            return f"?{narrowed.urlencode()}"

        regions = dict(Office.Region.choices)
        if by == "province":
            return lambda o: (o.province, o.province, link("province", o.province)) if o.province else None
        if by == "region":
            return lambda o: (o.region, str(regions[o.region]), link("region", o.region)) if o.region else None
        return lambda o: (
            (str(o.parent_id), o.parent.name, plan_url(o.parent, None, 0)) if o.parent_id else ("", _("None"), "")
        )


class SupervisionView(OfficeStaffMixin, TemplateView):
    """The offices under this one, with what is overdue: figures and public links only, and a link to
    an office's workspace only for those the user works in."""

    template_name = "overview/manage.html"
    section = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = [year for year, _label in year_choices()]
        fiscal_year = OverviewFilterForm(self.request.GET).value("year", years[0])
        below = list(Office.objects.under(self.office).active().select_related("parent").order_by("name_th"))
        entries = entries_of(below, fiscal_year)
        workable = office_ids_where(self.request.user, Ability.ACT)
        rows = [
            {
                "office": office,
                "row": row,
                "url": plan_url(office, row, fiscal_year),
                "workspace": workspace_url(office) if workable is None or office.pk in workable else "",
                "summary_missing": row is None or row.summary_status in {"", "draft", "returned"},
            }
            for office, row in entries
        ]
        # What needs attention first: overdue feedback, then missing evidence.
        rows.sort(key=lambda r: (-r["row"].feedback_overdue, -r["row"].ita_missing) if r["row"] else (0, 0))
        context.update(
            fiscal_year=fiscal_year,
            years=years,
            rows=rows,
            totals=total(entries),
            summary_labels=SUMMARY_LABELS,
        )
        return context
