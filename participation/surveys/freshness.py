"""Which survey pages the page cache may keep, and what makes them change."""

from django.db.models import Min, Q

from participation import freshness
from participation.surveys.models import Question, Response, Section, Survey


def next_opening_or_closing(office_slug, now):
    """When the next open survey starts or stops taking answers: its pages change then."""
    surveys = Survey.objects.filter(status=Survey.Status.OPEN).filter(Q(opens_at__gt=now) | Q(closes_at__gt=now))
    if office_slug is not None:
        surveys = surveys.filter(office__slug=office_slug)
    moments = surveys.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at", filter=Q(closes_at__gt=now))
    )
    return min((moment for moment in moments.values() if moment is not None), default=None)


def register() -> None:
    # The survey's own page is kept only while it shows no form (closed or not yet open): a page
    # with a form carries a CSRF token, which the page cache never keeps.
    freshness.register_public_pages("surveys:list", "surveys:detail", "surveys:thanks", "surveys:results", "surveys:qr")
    freshness.watch(Survey, office=lambda survey: survey.office)
    for model in (Section, Question):
        freshness.watch(model, office=lambda record: record.survey.office)
    # A new response changes no public page (results are published once the survey has closed);
    # removing one does.
    freshness.watch(
        Response, office=lambda response: response.survey.office, when=lambda response, created: False, figures=False
    )
    freshness.register_schedule(next_opening_or_closing)
