"""What search finds of announcements: the public's live ones, and every one of the office for its staff."""

from django.utils.translation import gettext_lazy as _

from announcements.models import SEARCH_FIELDS, Announcement
from participation.searchsources import register_search_source

FIELDS = SEARCH_FIELDS


def public_announcements():
    """Published and not withdrawn, of offices shown to the public: a withdrawal hides it at once."""
    return Announcement.objects.live().filter(office__is_active=True).select_related("office")


def staff_announcements(standing):
    """Every announcement of the office, drafts included."""
    return Announcement.objects.for_office(standing.office).select_related("office")


def describe(announcement, *, staff: bool) -> dict:
    title = f"{announcement.number} {announcement.subject}" if announcement.number else announcement.subject
    details = {"status": announcement.get_effective_status_display()} if staff else {}
    return {
        "title": title,
        "url": announcement.get_manage_url() if staff else announcement.get_absolute_url(),
        "date": announcement.published_at or announcement.announced_on,
        "office": announcement.office,
        "details": details,
    }


def register() -> None:
    register_search_source(
        key="announcements",
        label=_("Announcements and news"),
        order=10,
        public=public_announcements,
        staff=staff_announcements,
        fields=FIELDS,
        title="subject",
        date="published_at",
        describe=describe,
    )
