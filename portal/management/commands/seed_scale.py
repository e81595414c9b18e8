"""Generate national-scale data for benchmarks: `python manage.py seed_scale --scale 1.0`.

It writes into an empty database (or one it may flush with --flush) and prints the largest office
and a staff account of it. The accounts it makes share one password, meant for benchmarks only.
"""

from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from participation.models import Office
from portal import scale as generator


class Command(BaseCommand):
    help = "Fill an empty database with generated offices, announcements, meetings, feedback and plans."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 250 offices, 1,000,000 feedback items.")
        parser.add_argument("--seed", type=int, default=2569, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--password", default="bench-portal-2569", help="Password of every generated account (benchmarks only)."
        )
        parser.add_argument("--flush", action="store_true", help="Empty the whole database first.")

    def handle(self, *args, scale: float, seed: int, password: str, flush: bool, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if Office.objects.exists():
            if not flush:
                raise CommandError("The database already holds offices: use --flush to empty it first.")
            self.stdout.write("flushing the database")
            call_command("flush", interactive=False, verbosity=0)
        result = generator.generate(scale=scale, seed=seed, password=password, log=self.stdout.write)
        # The rows were written around the models (COPY): pages cached before describe other data.
        call_command("createcachetable", verbosity=0)  # the default cache is a table of this database
        cache.clear()
        # The national overview's stored figures, as its nightly job counts them.
        if "refresh_overview" in get_commands():
            self.stdout.write("counting the national overview")
            call_command("refresh_overview", years=3, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"done in {result.seconds:.0f} s"))
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label:42} {count:>10,}")
        self.stdout.write(f"largest office: {result.largest_slug} ({result.shares['feedback']:.1%} of the feedback)")
        self.stdout.write(f"staff account: {result.staff_username} / {password}")
        self.stdout.write(f"director account: {result.director_username} / {password}")
