"""What surveys evidence in the integrity assessment's checklist: the service-satisfaction results."""

from django.urls import reverse

from participation import oit
from participation.surveys.models import Survey


def satisfaction(office, fiscal_year: int) -> oit.Check | None:
    """Published results of the year's service-satisfaction surveys; not listed for an office that
    has never run a survey on the portal."""
    surveys = Survey.objects.for_office(office)
    if not surveys.exists():
        return None
    found = surveys.public().in_fiscal_year(fiscal_year).filter(is_satisfaction=True, status=Survey.Status.PUBLISHED)
    return oit.Check(oit.by_records(found.exists(), fiscal_year), reverse("surveys:list", args=[office.slug]))


def register() -> None:
    oit.register_check(oit.SATISFACTION, satisfaction)
