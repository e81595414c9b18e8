"""What feedback evidences in the integrity assessment's checklist: questions answered in public,
the complaint channel and its procedure, the separate channel for reports of misconduct, and the
statistics of both kinds of complaint (counts only)."""

from django.urls import reverse

from participation import oit
from participation.feedback.models import Feedback
from participation.fiscal import fiscal_year_range


def questions(office, fiscal_year: int) -> oit.Check:
    start, end = fiscal_year_range(fiscal_year)
    answered = Feedback.objects.for_office(office).publicly_answered().filter(kind=Feedback.Kind.QUESTION)
    found = answered.filter(answered_at__date__range=(start, end)).exists()
    return oit.Check(oit.by_records(found, fiscal_year), reverse("feedback:answers", args=[office.slug]))


def complaint_channel(office, fiscal_year: int) -> oit.Check:
    # The form and the procedure page are always there; the procedure is the portal's default until
    # the director writes the office's own.
    return oit.Check(oit.COMPLETE, reverse("feedback:procedure", args=[office.slug]))


def misconduct_channel(office, fiscal_year: int) -> oit.Check:
    return oit.Check(oit.COMPLETE, reverse("feedback:misconduct", args=[office.slug]))


def _statistics(office, fiscal_year: int, anchor: str = "") -> oit.Check:
    url = f"{reverse('feedback:stats', args=[office.slug])}?year={fiscal_year}{anchor}"
    return oit.Check(oit.after_first_half(fiscal_year), url)


def complaint_statistics(office, fiscal_year: int) -> oit.Check:
    return _statistics(office, fiscal_year, "#stats-complaints")


def misconduct_statistics(office, fiscal_year: int) -> oit.Check:
    return _statistics(office, fiscal_year, "#stats-misconduct")


def register() -> None:
    oit.register_check(oit.QUESTIONS, questions)
    oit.register_check(oit.COMPLAINT_CHANNEL, complaint_channel)
    oit.register_check(oit.COMPLAINT_STATISTICS, complaint_statistics)
    oit.register_check(oit.MISCONDUCT_CHANNEL, misconduct_channel)
    oit.register_check(oit.MISCONDUCT_STATISTICS, misconduct_statistics)
