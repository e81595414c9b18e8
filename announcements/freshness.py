"""Which announcement pages the page cache may keep, and what makes them change."""

from django.db.models import Min

from announcements.models import Announcement, Attachment
from participation import freshness


def next_publication(office_slug, now):
    """When the next scheduled announcement appears (of the office; of any office for national pages)."""
    scheduled = Announcement.objects.filter(status=Announcement.Status.SCHEDULED, published_at__gt=now)
    if office_slug is not None:
        scheduled = scheduled.filter(office__slug=office_slug)
    return scheduled.aggregate(next=Min("published_at"))["next"]


def register() -> None:
    freshness.register_public_pages(
        "announcements:feed_all", "announcements:feed", "announcements:list", "announcements:detail"
    )
    freshness.watch(Announcement, office=lambda announcement: announcement.office)
    freshness.watch(Attachment, office=lambda attachment: attachment.announcement.office)
    freshness.register_schedule(next_publication)
