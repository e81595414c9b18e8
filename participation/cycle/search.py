"""What search finds of the yearly cycle: approved summaries, and for the office's staff their summaries in progress."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.cycle.models import YearSummary
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
FIELDS = ("analysis", "lessons", "recommendations")


def approved_summaries():
    return YearSummary.objects.approved().filter(plan__office__is_active=True).select_related("plan__office")


def office_summaries(standing):
    return YearSummary.objects.for_office(standing.office).select_related("plan__office")


def describe(summary, *, staff: bool) -> dict:
    plan = summary.plan
    return {
        "title": _("Yearly summary, fiscal year %(year)d") % {"year": plan.fiscal_year},
        "url": plan.get_manage_url() if staff else summary.get_absolute_url(),
        "date": summary.approved_at or summary.updated_at,
        "office": plan.office,
        "details": {"status": summary.get_status_display()} if staff else {},
    }


def register() -> None:
    register_search_source(
        key="summaries",
        label=gettext_lazy("Yearly summaries"),
        order=50,
        public=approved_summaries,
        staff=office_summaries,
        fields=FIELDS,
        date="updated_at",
        office="plan__office",
        describe=describe,
    )
