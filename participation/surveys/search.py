"""What search finds of surveys: those open, closed or with results published (never a draft), the
results' summary only once published, and for the office's staff every survey of the office."""

from django.utils.translation import gettext_lazy as _

from participation.searchsources import register_search_source
from participation.surveys.models import Survey

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
SURVEY_FIELDS = ("title", "description")
# What the office learned, shown above the published results: its own source, published results only.
RESULTS_FIELDS = ("results_summary",)


def public_surveys():
    """Open, closed and published surveys (never a draft), of offices shown to the public."""
    return Survey.objects.public().filter(office__is_active=True).select_related("office")


def staff_surveys(standing):
    """Every survey of the office, drafts included."""
    return Survey.objects.for_office(standing.office).select_related("office")


def describe_survey(survey, *, staff: bool) -> dict:
    return {
        "title": survey.title,
        "url": survey.get_manage_url() if staff else survey.get_absolute_url(),
        "date": survey.opens_at,
        "office": survey.office,
        "details": {"status": survey.get_status_display()},
    }


def published_results():
    """Surveys whose results are published, of offices shown to the public."""
    return Survey.objects.filter(status=Survey.Status.PUBLISHED, office__is_active=True).select_related("office")


def staff_results(standing):
    """The office's results summaries, those not yet published included."""
    return Survey.objects.for_office(standing.office).exclude(results_summary="").select_related("office")


def describe_results(survey, *, staff: bool) -> dict:
    return {
        "title": survey.title,
        "url": survey.get_manage_url() if staff else survey.get_results_url(),
        "date": survey.results_published_at,
        "office": survey.office,
        "details": {"status": survey.get_status_display()} if staff else {},
    }


def register() -> None:
    register_search_source(
        key="surveys",
        label=_("Surveys"),
        order=36,
        public=public_surveys,
        staff=staff_surveys,
        fields=SURVEY_FIELDS,
        title="title",
        date="opens_at",
        describe=describe_survey,
    )
    register_search_source(
        key="survey_results",
        label=_("Survey results"),
        order=37,
        public=published_results,
        staff=staff_results,
        fields=RESULTS_FIELDS,
        date="results_published_at",
        describe=describe_results,
    )
