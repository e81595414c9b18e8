from django.core.management.base import BaseCommand

from participation.storedfigures import forget_stale


class Command(BaseCommand):
    help = "Remove the year figures kept for versions of the records that have changed since (run nightly)."

    def handle(self, *args, **options):
        self.stdout.write(f"Stale kept figures removed: {forget_stale()}.")
