"""What a survey's answers add up to: counts, shares and means per question, and the bars that draw
them. Counted in the database, grouped by question and answer, so a page reads one row per choice
whatever the number of responses."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from participation.surveys.models import Answer, Question, Response, Survey

# The chart's drawing, in SVG user units: labels on the left, bars after them, the share at the end.
CHART_WIDTH = 640
LABEL_WIDTH = 250
BAR_WIDTH = 300
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARACTERS = 34


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0  # respondents who answered it
    rows: list[dict] = field(default_factory=list)  # per choice: number, label, count, percent, bar
    mean: float | None = None
    height: int = 0


def _bars(rows: list[dict]) -> None:
    """Each row's bar, scaled to the largest count, and its place in the chart."""
    largest = max([row["count"] for row in rows] or [0]) or 1
    for index, row in enumerate(rows):
        label = row["label"]
        row["short_label"] = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        row["y"] = index * ROW_HEIGHT
        row["text_y"] = index * ROW_HEIGHT + BAR_HEIGHT - 4
        row["width"] = round(BAR_WIDTH * row["count"] / largest, 1)
        row["value_x"] = LABEL_WIDTH + row["width"] + 6


def survey_results(survey: Survey, *, group_id: int | None = None) -> dict:
    """The survey's results, of every response or of one stakeholder group's. Four queries: the
    questions, the responses by group, the answers by question and choice, and who answered each."""
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )
    by_group = {
        row["group_id"]: row["n"]
        for row in Response.objects.filter(survey=survey).order_by().values("group_id").annotate(n=Count("pk"))
    }
    answers = Answer.objects.filter(question__survey=survey)
    if group_id is not None:
        answers = answers.filter(response__group_id=group_id)
    counts: dict[int, dict[int, int]] = {}
    for row in answers.filter(number__isnull=False).order_by().values("question_id", "number").annotate(n=Count("pk")):
        counts.setdefault(row["question_id"], {})[row["number"]] = row["n"]
    answered = {
        row["question_id"]: row["n"]
        for row in answers.order_by().values("question_id").annotate(n=Count("response_id", distinct=True))
    }
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        if not question.is_text:
            found = counts.get(question.pk, {})
            for number, label in question.points:
                n = found.get(number, 0)
                share = round(100 * n / result.answered, 1) if result.answered else 0
                result.rows.append({"number": number, "label": label, "count": n, "percent": share})
            _bars(result.rows)
            result.height = max(len(result.rows), 1) * ROW_HEIGHT
            if question.is_rating and result.answered:
                result.mean = round(sum(number * n for number, n in found.items()) / sum(found.values()), 2)
        results.append(result)
    sections, current = [], None
    for result in results:
        if current is None or current["section"].pk != result.question.section_id:
            current = {"section": result.question.section, "results": []}
            sections.append(current)
        current["results"].append(result)
    total = sum(by_group.values())
    return {
        "total": total if group_id is None else by_group.get(group_id, 0),
        "all_total": total,
        "by_group": by_group,
        "sections": sections,
        "chart": {"width": CHART_WIDTH, "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT},
    }


def satisfaction(surveys) -> dict:
    """The satisfaction figure of these surveys' rating questions, as Thai offices report it: the mean
    point as a share of the scale's top (a mean of 4 of 5 is 80 %), that mean on a five-point scale
    (scales of other lengths are brought to five), and how many answered."""
    questions = {
        question.pk: len(question.choices)
        for question in Question.objects.filter(survey__in=surveys, kind=Question.Kind.RATING).only("pk", "choices")
    }
    rows = (
        Answer.objects.filter(question_id__in=list(questions), number__isnull=False)
        .order_by()
        .values("question_id")
        .annotate(n=Count("pk"), total=Sum("number"))
    )
    answers = share = 0.0
    for row in rows:
        points = questions[row["question_id"]]
        if points:
            share += row["total"] / points
            answers += row["n"]
    respondents = Response.objects.filter(
        Q(survey__in=surveys) & Q(answers__question_id__in=list(questions))
    ).aggregate(n=Count("pk", distinct=True))["n"]
    if not answers:
        return {"respondents": respondents, "answers": 0, "percent": None, "mean_of_5": None}
    fraction = share / answers
    return {
        "respondents": respondents,
        "answers": int(answers),
        "percent": round(100 * fraction, 1),
        "mean_of_5": round(5 * fraction, 2),
    }
