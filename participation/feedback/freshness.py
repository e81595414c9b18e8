"""Which feedback pages the page cache may keep, and what makes them change."""

from django.db.models.signals import post_delete, post_save

from participation import freshness, ratelimit
from participation.feedback.models import ComplaintProcedure, Feedback, normalize_tracking_code

# The statistics count messages as they arrive, which changes no version: they may lag this long.
STATISTICS_SECONDS = 300


def tracking_scope(code: str) -> str:
    """What the tracking page of a code shows: that one message and its history."""
    return f"track:{normalize_tracking_code(code)}"


def not_held_back(request) -> bool:
    """A client the limiter holds back for guessing codes is refused even a kept page (read, not counted)."""
    return not ratelimit.held_back("track", ratelimit.client_address(request))


def register() -> None:
    freshness.register_public_pages("feedback:answers", "feedback:procedure")
    freshness.watch(ComplaintProcedure, office=lambda procedure: procedure.office)
    freshness.register_public_pages("feedback:stats", "feedback:stats_csv", timeout=STATISTICS_SECONDS)
    # A new message is not public until it is answered: intake does not empty the office's pages.
    # Spam counts in no figure of the national overview either.
    freshness.watch(
        Feedback,
        office=lambda feedback: feedback.office,
        when=lambda feedback, created: not created,
        figures=lambda feedback, created: feedback.status != Feedback.Status.SPAM,
    )
    # The tracking page is the same for everyone who has the code: kept under the message's own scope,
    # which every later save of the message forgets (a status, an answer, a rating, an erasure; the
    # history it shows is of status changes, each saved with the message, after it in one transaction).
    # Its office's name and whether the office is open are the directory's.
    freshness.register_public_pages(
        "feedback:track_code",
        scope=lambda kwargs: tracking_scope(kwargs["code"]),
        personal=True,
        condition=not_held_back,
    )
    post_save.connect(_message_saved, sender=Feedback, dispatch_uid="feedback-tracking-saved")
    post_delete.connect(_message_deleted, sender=Feedback, dispatch_uid="feedback-tracking-deleted")


def _message_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:  # a new message has no page kept yet
        freshness.scope_changed(tracking_scope(instance.tracking_code))


def _message_deleted(sender, instance, **kwargs):
    freshness.scope_changed(tracking_scope(instance.tracking_code))
