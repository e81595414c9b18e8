"""Queue the daily e-mail of overdue feedback for every office that has some, and the daily jobs other
apps register with the core (participation.notices.on_daily: the daily e-mail of people's notices).

Meant to run once a day, from cron or a systemd timer (the task worker sends the mail):

    0 7 * * *  cd /srv/portal && .venv/bin/python manage.py send_feedback_digest
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from participation.feedback.models import Feedback
from participation.feedback.tasks import send_overdue_digest
from participation.models import Office
from participation.notices import run_daily


class Command(BaseCommand):
    help = (
        "Queue the list of overdue feedback for the people who handle it, one task per active office "
        "with overdue feedback. Run it daily (cron or a systemd timer); `manage.py run_worker` sends the mail."
    )

    def handle(self, *args, **options):
        overdue = Feedback.objects.overdue().filter(office=OuterRef("pk"))
        offices = list(Office.objects.active().filter(Exists(overdue)).order_by("slug").only("pk", "slug"))
        for office in offices:
            send_overdue_digest.enqueue(office_id=office.pk)
            self.stdout.write(f"{office.slug}: digest queued")
        self.stdout.write(self.style.SUCCESS(f"Overdue digests queued for {len(offices)} offices."))
        queued = sum(run_daily())
        self.stdout.write(self.style.SUCCESS(f"Daily notice e-mails queued: {queued}."))
