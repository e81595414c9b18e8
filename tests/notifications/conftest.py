"""Fixtures of the notifications' tests: a summary ready to submit, and the queue run as the worker runs it."""

import pytest

from participation.cycle import services as cycle_services
from tests.cycle.helpers import summary_text
from tests.helpers import FY


@pytest.fixture
def summary(singburi, staff_singburi):
    """Sing Buri's summary of FY, written and ready to submit."""
    plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    return cycle_services.summary_save(summary=plan.summary, actor=staff_singburi, data=summary_text())


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_tasks):
    """`with committed():` runs the block's on-commit callbacks (the queuing), then the queued tasks."""
    from contextlib import contextmanager

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_tasks()

    return run
