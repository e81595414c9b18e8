"""The year's feedback as evidence of step 3 (figures only: single messages are never public
evidence). Registered in FeedbackConfig.ready()."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source, register_figures
from participation.feedback.models import Feedback
from participation.feedback.stats import countable, year_counts, year_figures
from participation.fiscal import fiscal_year_range
from participation.officefigures import register_office_figures
from participation.vocabularies import CycleStep


def collect_feedback(office, fiscal_year):
    """The year's feedback as one item of figures: single messages are not public evidence."""
    start, end = fiscal_year_range(fiscal_year)
    counted = (
        Feedback.objects.for_office(office).in_period(start, end).not_spam().exclude(kind=Feedback.Kind.MISCONDUCT)
    )
    figures = counted.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        rated=Count("rating"),
        rating_total=Sum("rating"),
    )
    if not figures["received"]:
        return []
    return [
        EvidenceItem(
            source="feedback",
            item_id=fiscal_year,
            title=_("Feedback received: %(received)d, answered: %(answered)d")
            % {"received": figures["received"], "answered": figures["answered"]},
            url=reverse("feedback:stats", kwargs={"office": office.slug}) + f"?year={fiscal_year}",
            date=end,
            level="consult",
            principles=["participation", "accountability"],
            details=figures,
        )
    ]


def summary_figures(office, fiscal_year: int) -> dict:
    """The feedback part of the yearly summary's figures (reports of misconduct are never counted)."""
    return year_figures(Feedback.objects.for_office(office), fiscal_year)


def office_figures(office, fiscal_year: int) -> dict:
    """The feedback part of the national overview: the year's counts, days to answer as a histogram
    (so that medians over several offices can be worked out), and what is still open past its date."""
    feedback = Feedback.objects.for_office(office)
    totals, _by_kind, histogram = year_counts(feedback, fiscal_year)
    start, end = fiscal_year_range(fiscal_year)
    return {
        "feedback_received": totals["received"],
        "feedback_answered": totals["answered"],
        "feedback_answered_in_time": totals["answered_in_time"],
        "feedback_overdue": countable(feedback).in_period(start, end).overdue().count(),
        "answer_days": {str(days): n for days, n in sorted(histogram.items())},
        "ratings": totals["ratings"],
        "rating_sum": totals["rating_sum"],
    }


def register():
    register_evidence_source(
        key="feedback", label=gettext_lazy("Feedback"), step=CycleStep.CONSULT, collect=collect_feedback
    )
    register_figures("feedback", summary_figures)
    register_office_figures("feedback", office_figures)
