"""Which hearing pages the page cache may keep, and what makes them change."""

from django.db.models import Min, Q

from participation import freshness
from participation.hearings.models import Hearing, HearingComment, HearingDocument, HearingSection, HearingTheme


def next_opening_or_closing(office_slug, now):
    """When the next open hearing opens for comment or closes: its page and the list change then."""
    open_ = Hearing.objects.filter(status=Hearing.Status.OPEN, closes_at__gt=now)
    if office_slug is not None:
        open_ = open_.filter(office__slug=office_slug)
    moments = open_.aggregate(opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at"))
    return min((moment for moment in moments.values() if moment is not None), default=None)


def register() -> None:
    freshness.register_public_pages("hearings:list", "hearings:detail", "hearings:report")
    freshness.watch(Hearing, office=lambda hearing: hearing.office)
    for model in (HearingSection, HearingTheme, HearingDocument):
        freshness.watch(model, office=lambda record: record.hearing.office)
    # A comment waiting for moderation changes no public page; publishing or removing one does.
    freshness.watch(
        HearingComment,
        office=lambda comment: comment.hearing.office,
        when=lambda comment, created: not created or comment.status == HearingComment.Status.PUBLISHED,
    )
    freshness.register_schedule(next_opening_or_closing)
