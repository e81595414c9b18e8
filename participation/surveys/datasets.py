"""What surveys publish as open data: every survey that was opened (open, closed, or with its
results published) with its questions, and, only once the results are published, how many
responded and the results of each question, counted in the database. Drafts never leave, nor do
the answers to text questions, single responses, or who (which device) answered."""

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.surveys.models import Answer, Question, Response, Survey
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

QUESTION_COLUMNS = (
    Column("section", "string", _("Heading of the section it is in")),
    Column("text", "string", _("Question")),
    Column("kind", "code", _("Rating scale, one choice, several choices or text"), choices=Question.Kind),
    Column("choices", "list", _("Points of the scale, lowest first, or the choices (numbered from 1)"), item="string"),
    Column(
        "answered",
        "integer",
        _("Respondents who answered it (empty until the results are published)"),
        nullable=True,
    ),
    Column(
        "counts",
        "list",
        _("Answers per point or choice, in the order of the choices (empty for text questions and until published)"),
        item="integer",
    ),
    Column("mean", "number", _("Mean point of a rating scale (empty until published)"), nullable=True),
)

COLUMNS = (
    Column("id", "integer", _("Number of the survey, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("title", "string", _("Title")),
    Column("description", "text", _("What the survey is for and how the answers will be used")),
    Column("status", "code", _("Open, closed, or results published"), choices=Survey.Status),
    Column("opens_at", "datetime", _("Opens"), nullable=True),
    Column("closes_at", "datetime", _("Closes (empty when closed by hand)"), nullable=True),
    Column("is_satisfaction", "boolean", _("The service-satisfaction survey of the fiscal year")),
    Column("participation_level", "code", _("Participation level"), choices=ParticipationLevel),
    Column("principles", "list", _("Good-governance principles it serves"), item="code", choices=GovernancePrinciple),
    Column("target_groups", "list", _("Numbers of the stakeholder groups it is meant for"), item="integer"),
    Column("results_published_at", "datetime", _("Time the results were published (empty until then)"), nullable=True),
    Column("results_summary", "text", _("What the office learned (once the results are published)")),
    Column("responses", "integer", _("Responses received (empty until the results are published)"), nullable=True),
    Column("questions", "list", _("Questions, with their results once published"), columns=QUESTION_COLUMNS),
    Column("url", "url", _("Public page of the survey")),
    Column("results_url", "url", _("Public page of the results (empty until published)"), nullable=True),
    Column("updated_at", "datetime", _("Last change")),
)


def records():
    questions = Question.objects.select_related("section").order_by("section__position", "section_id", "position", "pk")
    return (
        Survey.objects.public()
        .select_related("office")
        .prefetch_related("target_groups", Prefetch("questions", queryset=questions, to_attr="ordered_questions"))
    )


def count_results(surveys: list[Survey]) -> None:
    """The results of a page's surveys whose results are published: three queries, whatever the
    number of surveys and responses (answers counted by question and choice, never read one by one)."""
    published = [survey.pk for survey in surveys if survey.results_public]
    responses, counts, answered = {}, defaultdict(dict), {}
    if published:
        responses = dict(
            Response.objects.filter(survey__in=published).order_by().values_list("survey_id").annotate(n=Count("pk"))
        )
        answers = Answer.objects.filter(question__survey__in=published).order_by()
        for entry in answers.filter(number__isnull=False).values("question_id", "number").annotate(n=Count("pk")):
            counts[entry["question_id"]][entry["number"]] = entry["n"]
        answered = dict(answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)))
    for survey in surveys:
        survey.result_totals = {"responses": responses.get(survey.pk, 0), "counts": counts, "answered": answered}


def question_row(question: Question, results: dict | None) -> dict:
    entry = {
        "section": question.section.title,
        "text": question.text,
        "kind": question.kind,
        "choices": [str(choice) for choice in question.choices or []],
        "answered": None,
        "counts": [],
        "mean": None,
    }
    if results is None:
        return entry
    entry["answered"] = results["answered"].get(question.pk, 0)
    if not question.is_text:
        found = results["counts"].get(question.pk, {})
        entry["counts"] = [found.get(number, 0) for number, _label in question.points]
        if question.is_rating and sum(found.values()):
            entry["mean"] = round(sum(number * n for number, n in found.items()) / sum(found.values()), 2)
    return entry


def row(survey: Survey) -> dict:
    published = survey.results_public
    results = getattr(survey, "result_totals", None) if published else None
    return {
        "id": survey.pk,
        "office": survey.office.slug,
        "title": survey.title,
        "description": survey.description,
        "status": survey.status,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "is_satisfaction": survey.is_satisfaction,
        "participation_level": survey.participation_level,
        "principles": [value for value in survey.principles or [] if value in GovernancePrinciple.values],
        "target_groups": sorted(group.pk for group in survey.target_groups.all()),
        "results_published_at": survey.results_published_at if published else None,
        "results_summary": survey.results_summary if published else "",
        "responses": results["responses"] if results is not None else None,
        "questions": [question_row(question, results) for question in survey.ordered_questions],
        "url": survey.get_absolute_url(),
        "results_url": survey.get_results_url() if published else None,
        "updated_at": survey.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="surveys",
            title=_("Surveys"),
            description=_(
                "Surveys of the people the offices serve, with their questions and, once an office publishes the "
                "results, the number of responses and the answers counted per question. Answers written as text "
                "and single responses are never published."
            ),
            columns=COLUMNS,
            read=records_reader(
                records,
                row,
                fiscal_year=lambda queryset, year: queryset.in_fiscal_year(year),
                prepare=count_results,
            ),
            filters=frozenset({"office", "fiscal_year", "updated_since"}),
            keywords=("surveys", "satisfaction", "แบบสำรวจ", "ความพึงพอใจ"),
            order=37,
        )
    )
