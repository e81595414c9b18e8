"""The run: one seeded generator that sizes the offices, opens a table per model, has each subject
module write its rows office by office, and leaves a marker in the audit trail."""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from announcements.models import Announcement, Revision
from participation.feedback.models import Feedback, FeedbackEvent
from participation.fiscal import fiscal_year_of, fiscal_year_range
from participation.meetings.models import Meeting
from participation.models import AuditEvent
from portal.scale import text
from portal.scale.announcements import add_announcements, open_announcement_tables
from portal.scale.cycle import add_plans, open_cycle_tables, year_figures
from portal.scale.feedback import add_feedback, open_feedback_tables
from portal.scale.loader import Loader
from portal.scale.meetings import add_meetings, open_meeting_tables
from portal.scale.offices import add_network, add_offices, office_list, open_office_tables
from portal.scale.sizes import BANGKOK, MINIMUM, YEARS, ZIPF_SHIFT, apportion, expected_counts

MARKER_ACTION = "seed_scale.generated"


@dataclass
class Result:
    counts: dict[str, int]
    largest_slug: str
    staff_username: str
    director_username: str
    seconds: float
    shares: dict[str, float] = field(default_factory=dict)


class Generator:
    """The seeded random generator, the clock and the open tables; the subject modules write through it."""

    def __init__(self, *, scale: float, seed: int, password: str, now=None, log: Callable[[str], None] = print):
        self.scale, self.seed, self.log = scale, seed, log
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.today = timezone.localtime(self.now).date()
        self.current_year = fiscal_year_of(self.today)
        self.years = list(range(self.current_year - YEARS + 1, self.current_year + 1))
        self.start = fiscal_year_range(self.years[0])[0]
        self.span_days = (self.today - self.start).days
        self.password_hash = make_password(password)
        self.code_salt = self.rng.getrandbits(80)
        self.loader = Loader()

    # --- helpers -------------------------------------------------------------

    def moment(self, day: datetime.date, earliest: int = 8, latest: int = 17) -> datetime.datetime:
        minutes = self.rng.randint(earliest * 60, latest * 60 - 1)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=BANGKOK)

    def past_day(self) -> datetime.date:
        return self.start + datetime.timedelta(days=self.rng.randint(0, self.span_days))

    def not_after_now(self, moment: datetime.datetime) -> datetime.datetime:
        return min(moment, self.now)

    # --- the run -------------------------------------------------------------

    def run(self) -> Result:
        started = time.monotonic()
        counts = expected_counts(self.scale)
        n = counts["offices"]
        offices = office_list(n)
        # Which office is large is decided at random: rank r gets weight 1 / (r + shift).
        ranks = list(range(n))
        self.rng.shuffle(ranks)
        weights = [1 / (rank + ZIPF_SHIFT) for rank in ranks]
        shares = {
            key: apportion(counts[key], weights, MINIMUM[key])
            for key in ("announcements", "feedback", "meetings", "network")
        }
        largest = ranks.index(0)
        self.log(
            f"generating scale {self.scale}: {n} offices, {counts['announcements']} announcements, "
            f"{counts['feedback']} feedback, {counts['meetings']} meetings"
        )
        self._open_tables()
        with transaction.atomic():
            self.loader.start(
                [Feedback, FeedbackEvent, Announcement, Revision, Announcement.target_groups.through, Meeting]
            )
            add_offices(self, offices)
            done = Counter()
            for index, office in enumerate(self.offices):
                self._office_records(
                    office,
                    announcements=shares["announcements"][index],
                    feedback=shares["feedback"][index],
                    meetings=shares["meetings"][index],
                    network=shares["network"][index],
                )
                done.update(
                    {key: shares[key][index] for key in ("announcements", "feedback", "meetings")} | {"offices": 1}
                )
                if (index + 1) % max(1, n // 10) == 0 or index + 1 == n:
                    self.log(
                        f"  {done['offices']}/{n} offices, {done['feedback']} feedback, "
                        f"{done['announcements']} announcements, {done['meetings']} meetings "
                        f"({time.monotonic() - started:.0f} s)"
                    )
            largest_slug = self.offices[largest]["slug"]
            table_counts = {model._meta.label_lower: table.count for model, table in self.loader.tables.items()}
            AuditEvent.objects.create(
                action=MARKER_ACTION,
                data={"scale": self.scale, "seed": self.seed, "largest": largest_slug, "counts": table_counts},
            )
            self.loader.finish(log=self.log)
        self.log("analysing tables")
        self.loader.analyze()
        total_feedback = counts["feedback"]
        return Result(
            counts=table_counts,
            largest_slug=largest_slug,
            staff_username=f"{largest_slug}-staff",
            director_username=f"{largest_slug}-director",
            seconds=time.monotonic() - started,
            shares={"feedback": shares["feedback"][largest] / total_feedback},
        )

    def _open_tables(self) -> None:
        open_office_tables(self)
        open_announcement_tables(self)
        open_meeting_tables(self)
        open_feedback_tables(self)
        open_cycle_tables(self)

    def _office_records(self, office: dict, *, announcements: int, feedback: int, meetings: int, network: int):
        phrases = text.Phrases(self.rng, office["province"])
        figures = year_figures()
        add_network(self, office, phrases, network)
        add_announcements(self, office, phrases, announcements, figures)
        add_meetings(self, office, phrases, meetings, figures)
        add_feedback(self, office, phrases, feedback, figures)
        add_plans(self, office, phrases, figures)


def existing_scale() -> dict | None:
    """What the last generation recorded (scale, seed, largest office, counts), if the data is still there."""
    marker = AuditEvent.objects.filter(action=MARKER_ACTION).order_by("-pk").first()
    if marker is None:
        return None
    if Feedback.objects.count() != marker.data.get("counts", {}).get("feedback.feedback"):
        return None
    return marker.data


def generate(*, scale: float, seed: int = 2569, password: str, now=None, log=print) -> Result:
    """Fill an empty database with data at the given scale."""
    return Generator(scale=scale, seed=seed, password=password, now=now, log=log).run()
