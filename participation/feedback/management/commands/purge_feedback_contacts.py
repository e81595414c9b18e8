"""Remove people's details kept past their office's retention period: the sender's contact details of
finished feedback, the registrations and named attendees of meetings that ended that long ago, the
commenters' e-mails of hearings closed that long ago and join requests decided that long ago (every
source of participation.personaldata that has a purge).

Meant to run once a day, from cron or a systemd timer:

    15 2 * * *  cd /srv/portal && .venv/bin/python manage.py purge_feedback_contacts
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from participation.models import Office
from participation.personaldata import retention_purge


class Command(BaseCommand):
    help = (
        "Remove the name, e-mail and phone of closed feedback (and spam), and the registrations and named "
        "attendees of meetings, hearing commenters' e-mails and decided requests to join working groups, "
        "kept longer than each office's retention period; the feedback and the "
        "attendance figures stay. Run it daily (cron or a systemd timer). --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        verb = "would be cleared" if dry_run else "cleared"
        totals: dict[str, int] = {}
        for office in Office.objects.order_by("slug"):
            counts = retention_purge(office=office, now=now, dry_run=dry_run)
            for kind, count in counts.items():
                totals[kind] = totals.get(kind, 0) + count
            details = ", ".join(f"{kind} {count}" for kind, count in counts.items())
            self.stdout.write(f"{office.slug}: {sum(counts.values())} {verb} ({details})")
        details = ", ".join(f"{kind} {count}" for kind, count in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Personal data {verb}: {sum(totals.values())} records ({details})."))
