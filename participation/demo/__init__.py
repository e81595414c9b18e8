"""Demo data from the five source documents: names, dates and figures come from the documents,
the descriptions are ours. Run through `python manage.py seed_demo`; every function is idempotent."""

from participation.demo.cycle import seed_cycle
from participation.demo.feedback import seed_feedback
from participation.demo.meetings import seed_meetings
from participation.demo.offices import DEMO_PASSWORD, OFFICES, seed_accounts, seed_offices

__all__ = [
    "DEMO_PASSWORD",
    "OFFICES",
    "seed_accounts",
    "seed_cycle",
    "seed_feedback",
    "seed_meetings",
    "seed_offices",
]
