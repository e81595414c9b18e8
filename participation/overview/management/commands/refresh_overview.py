"""The nightly reconciliation of the national overview: every office's recent years counted again
from its records, whatever writes the queued refreshes missed (deploy/systemd/portal-overview.timer)."""

from django.core.management.base import BaseCommand

from participation.fiscal import current_fiscal_year
from participation.overview.services import overview_reconcile


class Command(BaseCommand):
    help = "Count every office's figures of the recent fiscal years again for the national overview."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="A fiscal year (Buddhist era); repeatable.")
        parser.add_argument("--years", type=int, default=2, help="Without --year: this many recent years (2).")

    def handle(self, *args, year=None, years=2, **options):
        current = current_fiscal_year()
        fiscal_years = year or [current - back for back in range(max(years, 1))]
        result = overview_reconcile(fiscal_years=fiscal_years)
        self.stdout.write(
            f"Overview refreshed: {result['refreshed']} office-years, {result['changed']} had changed "
            f"(fiscal years {', '.join(map(str, fiscal_years))})."
        )
