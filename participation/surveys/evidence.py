"""Surveys as evidence of step 3 (consult), and the satisfaction figure of the yearly summary.
Registered with the core in SurveysConfig.ready().

An office runs a handful of surveys a year, so the source is read whole (no `tally`): one query for
the year's surveys with their response counts, one for the groups that answered."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source, register_figures
from participation.officefigures import register_office_figures
from participation.surveys.models import Response, Survey
from participation.surveys.results import satisfaction
from participation.vocabularies import CycleStep


def _of_year(office, fiscal_year):
    """The year's surveys that count: every one put before the public (drafts are not evidence)."""
    return Survey.objects.for_office(office).public().in_fiscal_year(fiscal_year)


def _items(surveys) -> list[EvidenceItem]:
    surveys = list(surveys)
    answered: dict[int, dict[int, int]] = {}
    rows = (
        Response.objects.filter(survey__in=surveys, group__isnull=False)
        .order_by()
        .values("survey_id", "group_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        answered.setdefault(row["survey_id"], {})[row["group_id"]] = row["n"]
    return [
        EvidenceItem(
            source="surveys",
            item_id=survey.pk,
            title=survey.title,
            url=survey.get_absolute_url(),
            date=timezone.localtime(survey.opens_at).date() if survey.opens_at else None,
            is_public=True,
            level=survey.participation_level,
            principles=list(survey.principles),
            groups=list(answered.get(survey.pk, {})),
            details={
                "status": survey.status,
                "responses": survey.response_count,
                # Respondents by stakeholder group id (those who named their group).
                "respondents_by_group": answered.get(survey.pk, {}),
                "satisfaction": survey.is_satisfaction,
                "results_published": survey.status == Survey.Status.PUBLISHED,
            },
        )
        for survey in surveys
    ]


def collect_surveys(office, fiscal_year):
    """The year's surveys as evidence, latest first."""
    return _items(_of_year(office, fiscal_year).with_counts().order_by("-opens_at", "-pk"))


def find_surveys(office, ids):
    return _items(Survey.objects.for_office(office).public().filter(pk__in=ids).with_counts())


def search_surveys(office, fiscal_years, text, *, limit) -> list[EvidenceItem]:
    """Surveys of these fiscal years whose title holds `text`, latest first, at most `limit`."""
    found = []
    for fiscal_year in fiscal_years:
        found += _of_year(office, fiscal_year).filter(title__icontains=text).with_counts().order_by("-opens_at")[:limit]
    found.sort(key=lambda survey: (survey.opens_at, survey.pk), reverse=True)
    return _items(found[:limit])


def summary_figures(office, fiscal_year: int) -> dict:
    """The surveys part of the yearly summary: how many ran, their responses, and the satisfaction
    figure of the year's service-satisfaction surveys."""
    surveys = _of_year(office, fiscal_year)
    counted = surveys.aggregate(count=Count("pk", distinct=True), responses=Count("responses"))
    satisfaction_surveys = list(surveys.filter(is_satisfaction=True).values_list("pk", flat=True))
    return {
        "count": counted["count"],
        "responses": counted["responses"],
        "satisfaction": satisfaction(satisfaction_surveys) if satisfaction_surveys else None,
    }


def office_figures(office, fiscal_year: int) -> dict:
    """The national overview's count of the year's surveys opened (drafts not counted)."""
    held = Survey.objects.for_office(office).in_fiscal_year(fiscal_year).exclude(status=Survey.Status.DRAFT)
    return {"surveys_held": held.count()}


def register():
    register_evidence_source(
        key="surveys",
        label=gettext_lazy("Surveys"),
        step=CycleStep.CONSULT,
        collect=collect_surveys,
        find=find_surveys,
        search=search_surveys,
    )
    register_figures("surveys", summary_figures)
    register_office_figures("surveys", office_figures)
