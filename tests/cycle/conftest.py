"""Fixtures shared by the cycle's test files."""

import pytest

from participation.cycle import services
from tests.helpers import FY


@pytest.fixture
def plan(singburi, staff_singburi):
    """Sing Buri's plan for FY, just opened."""
    return services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)


@pytest.fixture
def group(singburi):
    """Sing Buri's one stakeholder group (made by the singburi fixture)."""
    return singburi.stakeholder_groups.get()
