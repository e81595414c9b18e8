"""Remove the sender's contact details from feedback kept past its office's retention period.

Meant to run once a day, from cron or a systemd timer:

    15 2 * * *  cd /srv/portal && .venv/bin/python manage.py purge_feedback_contacts
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from participation.feedback.models import Feedback
from participation.feedback.services import feedback_purge_contacts
from participation.models import Office


def stale_contacts(office: Office, now: datetime.datetime):
    """What `feedback_purge_contacts` would clear now, without changing anything (for --dry-run)."""
    cutoff = now - datetime.timedelta(days=office.feedback_retention_days)
    return Feedback.objects.for_office(office).contacts_kept_past(cutoff)


class Command(BaseCommand):
    help = (
        "Remove the name, e-mail and phone of closed feedback (and spam) kept longer than each office's "
        "retention period; the feedback itself stays for the yearly figures. Run it daily (cron or a "
        "systemd timer). --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        total = 0
        for office in Office.objects.order_by("slug"):
            if dry_run:
                count = stale_contacts(office, now).count()
                self.stdout.write(f"{office.slug}: {count} would be cleared")
            else:
                count = feedback_purge_contacts(office=office, now=now)
                self.stdout.write(f"{office.slug}: {count} cleared")
            total += count
        verb = "would be cleared" if dry_run else "cleared"
        self.stdout.write(self.style.SUCCESS(f"Contact details {verb}: {total} feedback items in all."))
