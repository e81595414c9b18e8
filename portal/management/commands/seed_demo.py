"""Fill the portal with the demo offices, their groups and demo accounts.

Idempotent: running it again updates the same rows. It refuses to run with
DEBUG off unless --allow-production is given, because it resets the demo
accounts' passwords to a value printed in the README.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from announcements import demo as announcements_demo
from participation import demo as offices_demo
from participation.cycle import demo as cycle_demo
from participation.feedback import demo as feedback_demo
from participation.groups import demo as groups_demo
from participation.hearings import demo as hearings_demo
from participation.meetings import demo as meetings_demo
from participation.overview import demo as overview_demo
from participation.storedfigures import records_changed
from participation.surveys import demo as surveys_demo


class Command(BaseCommand):
    help = "Create or update the demo offices, stakeholder groups and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts get a publicly known password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("DEBUG is off: this looks like production. Use --allow-production to seed anyway.")
        offices = offices_demo.seed_offices()
        accounts = offices_demo.seed_accounts(offices)
        announcements = announcements_demo.seed_announcements()
        meetings = meetings_demo.seed_meetings()
        feedback = feedback_demo.seed_feedback()
        hearings = hearings_demo.seed_hearings()
        groups = groups_demo.seed_groups()
        plans = cycle_demo.seed_cycle()
        surveys = surveys_demo.seed_surveys()
        # The demo dates some records after saving them (no signal tells of that): every office's kept
        # year figures are counted again.
        for office in offices:
            records_changed(office)
        # Last: the overview counts what the others made.
        overview = overview_demo.seed_overview()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(offices)} offices, {len(accounts)} accounts, "
                f"{len(announcements)} announcements, {len(meetings)} meetings, "
                f"{feedback} feedback items, {len(hearings)} hearings, {len(surveys)} surveys, "
                f"{len(groups)} working groups, {len(plans)} plans, {overview['refreshed']} office-years counted "
                "for the national overview."
            )
        )
        self.stdout.write(f"Every demo account's password: {offices_demo.DEMO_PASSWORD}")
        for username, role, office in accounts:
            self.stdout.write(f"  {username:24} {role:20} {office}")
