"""Which feedback pages the page cache may keep, and what makes them change."""

from participation import freshness
from participation.feedback.models import ComplaintProcedure, Feedback

# The statistics count messages as they arrive, which changes no version: they may lag this long.
STATISTICS_SECONDS = 300


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
