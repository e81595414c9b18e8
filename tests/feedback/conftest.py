"""Fixtures shared by the feedback test files."""

import datetime

import pytest

from tests.feedback.helpers import C, K, S, bangkok, feedback


@pytest.fixture
def year_of_feedback(singburi, chainat):
    """Four countable items of Sing Buri in FY 2568, and what must not be counted."""
    counted = [
        # First half: a complaint answered in 5 days, in time and rated 5; a suggestion by phone
        # answered in 29 days, late, rated 3.
        feedback(
            singburi,
            kind=K.COMPLAINT,
            received=datetime.date(2024, 10, 5),
            answered=bangkok(2024, 10, 10),
            rating=5,
        ),
        feedback(
            singburi,
            kind=K.SUGGESTION,
            channel=C.PHONE,
            received=datetime.date(2024, 11, 1),
            answered=bangkok(2024, 11, 30),
            rating=3,
        ),
        # Second half: a question not answered yet; an opinion answered in 2 days.
        feedback(singburi, kind=K.QUESTION, received=datetime.date(2025, 4, 10)),
        feedback(singburi, kind=K.OPINION, received=datetime.date(2025, 5, 1), answered=bangkok(2025, 5, 3)),
    ]
    # Not counted: spam, reports of misconduct (counted apart: one, in the second half, answered), another
    # office, other fiscal years.
    feedback(singburi, kind=K.COMPLAINT, status=S.SPAM, received=datetime.date(2025, 4, 1))
    feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2025, 4, 2), answered=bangkok(2025, 4, 3), rating=1)
    feedback(chainat, kind=K.COMPLAINT, received=datetime.date(2025, 1, 5), answered=bangkok(2025, 3, 1))
    feedback(singburi, kind=K.COMPLAINT, received=datetime.date(2024, 9, 30))
    feedback(singburi, kind=K.COMPLAINT, received=datetime.date(2025, 10, 1))
    return counted


@pytest.fixture(autouse=True)
def quick_forms(settings):
    """The public form may be sent at once (no minimum time to fill it in)."""
    settings.FEEDBACK_MIN_SECONDS = 0
