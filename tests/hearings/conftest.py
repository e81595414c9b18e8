"""Fixtures shared by the hearings test files."""

import pytest
from django.utils import translation

from tests.hearings.helpers import make_hearing


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    """Tests send the comment form at once; the minimum time is tested on its own."""
    settings.FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def open_hearing(singburi, staff_singburi):
    return make_hearing(singburi, staff_singburi, status="open")


@pytest.fixture
def draft_hearing(singburi, staff_singburi):
    return make_hearing(singburi, staff_singburi, status="draft")


@pytest.fixture(autouse=True)
def english():
    """Messages of services are checked in English (their message ids), whatever the catalogue holds;
    pages take their language from the address as always."""
    with translation.override("en"):
        yield
