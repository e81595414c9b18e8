"""What announcements evidence in the integrity assessment's checklist: news of the year."""

from django.urls import reverse

from announcements.models import Announcement
from participation import oit


def news(office, fiscal_year: int) -> oit.Check:
    found = Announcement.objects.for_office(office).live().in_fiscal_year(fiscal_year).exists()
    return oit.Check(oit.by_records(found, fiscal_year), reverse("announcements:list", args=[office.slug]))


def register() -> None:
    oit.register_check(oit.NEWS, news)
