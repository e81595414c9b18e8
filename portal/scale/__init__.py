"""National-scale data for measuring the portal: offices of very different sizes with three fiscal years
of announcements, meetings, feedback and plans, all consistent with the models' rules.

Scale 1.0 is the size the design plans for (250 offices, 200,000 announcements, 1,000,000 feedback
items, 50,000 meetings). Offices get their share by a Zipf-like weight, so the largest holds about 6 %.
Everything comes from one seeded random generator: the same scale, seed and day give the same data.
"""

import datetime
import random
import statistics
import time
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from announcements.models import Announcement, Channel, Revision
from participation.cycle.models import Plan, PlanStep, StakeholderTarget, SummaryVersion, YearSummary
from participation.feedback.models import CODE_ALPHABET, CODE_LENGTH, Feedback, FeedbackEvent
from participation.fiscal import be_year, fiscal_year_of, fiscal_year_range
from participation.meetings.models import Attendee, FollowUpAction, Meeting, MeetingAttendance, Registration
from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup
from participation.network.models import NetworkMember
from participation.vocabularies import CycleStep, GovernancePrinciple, ParticipationLevel
from portal.scale import text
from portal.scale.loader import Loader, uuid_from

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
MARKER_ACTION = "seed_scale.generated"
YEARS = 3  # fiscal years of data, the current one included

# Records at scale 1.0.
FULL = {"offices": 250, "announcements": 200_000, "feedback": 1_000_000, "meetings": 50_000, "network": 60_000}
# Every office has at least this many, so each of its pages has something to show at a tiny scale.
MINIMUM = {"announcements": 3, "feedback": 8, "meetings": 3, "network": 4}
# The Zipf-like weight of the office ranked r (0 = largest) is 1 / (r + ZIPF_SHIFT): with 250 offices the
# largest holds about 6 % of the records, the smallest about 0.4 %.
ZIPF_SHIFT = 3


def expected_counts(scale: float) -> dict[str, int]:
    """How many offices, announcements, feedback items, meetings and network members a scale makes."""
    offices = max(4, round(FULL["offices"] * scale))
    counts = {"offices": offices}
    for key in ("announcements", "feedback", "meetings", "network"):
        counts[key] = max(round(FULL[key] * scale), MINIMUM[key] * offices)
    return counts


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split a total by weights (largest remainders), each share at least `minimum`."""
    rest = total - minimum * len(weights)
    whole = sum(weights)
    exact = [rest * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [share + minimum for share in shares]


def tracking_code(number: int, salt: int) -> str:
    """A distinct code for each number: an invertible mix of 80 bits, written in the code alphabet."""
    mask = (1 << 80) - 1
    x = (number ^ salt) & mask
    x ^= x >> 41
    x = (x * 0x9E3779B97F4A7C15F39D) & mask
    x ^= x >> 37
    x = (x * 0xC2B2AE3D27D4EB4F1B87) & mask
    x ^= x >> 40
    symbols = []
    for _ in range(CODE_LENGTH):
        symbols.append(CODE_ALPHABET[x & 31])
        x >>= 5
    return "".join(symbols)


def office_candidates() -> list[dict]:
    """Educational Service Area offices, province by province: primary districts, then secondary."""
    primary, secondary, more = [], [], []
    for thai, latin, districts in text.PROVINCES:
        for district in range(1, districts + 1):
            name = f"{thai} เขต {district}" if districts > 1 else thai
            item = {
                "slug": f"{latin}{district}" if districts > 1 else latin,
                "name_th": f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{name}",
                "name_en": f"{latin.title()} Primary Educational Service Area Office"
                + (f" {district}" if districts > 1 else ""),
                "short_name_th": f"สพป.{name}",
                "short_name_en": f"{latin.title()} PESAO" + (f" {district}" if districts > 1 else ""),
                "kind": Office.Kind.PRIMARY_ESA,
                "province": thai,
            }
            (primary if district == 1 else more).append(item)
        secondary.append(
            {
                "slug": f"{latin}-sec",
                "name_th": f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา{thai}",
                "name_en": f"{latin.title()} Secondary Educational Service Area Office",
                "short_name_th": f"สพม.{thai}",
                "short_name_en": f"{latin.title()} SESAO",
                "kind": Office.Kind.SECONDARY_ESA,
                "province": thai,
            }
        )
    candidates = primary + secondary + more
    # Beyond the provinces' offices (more than ~260 at large scales): numbered ministry units.
    return candidates


@dataclass
class Result:
    counts: dict[str, int]
    largest_slug: str
    staff_username: str
    director_username: str
    seconds: float
    shares: dict[str, float] = field(default_factory=dict)


class Generator:
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
        candidates = office_candidates()
        n = counts["offices"]
        while len(candidates) < n:
            number = len(candidates) + 1
            candidates.append(
                {
                    "slug": f"moe-unit{number}",
                    "name_th": f"หน่วยงานในสังกัดกระทรวงศึกษาธิการ แห่งที่ {number}",
                    "name_en": f"Ministry of Education unit {number}",
                    "short_name_th": f"หน่วยงาน ศธ. {number}",
                    "short_name_en": f"MOE unit {number}",
                    "kind": Office.Kind.MINISTRY,
                    "province": "กรุงเทพมหานคร",
                }
            )
        offices = candidates[:n]
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
            self._users_and_offices(offices)
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
        table = self.loader.table
        User = get_user_model()
        self.t_users = table(
            User,
            ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff"]
            + ["is_active", "date_joined"],
        )
        self.t_offices = table(
            Office,
            ["id", "slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "province", "address"]
            + ["phone", "email", "website", "director_name", "director_position", "is_active"]
            + ["feedback_answer_days", "feedback_notify_staff", "feedback_retention_days", "created_at", "updated_at"],
        )
        self.t_memberships = table(OfficeMembership, ["id", "user", "office", "role", "sees_misconduct", "created_at"])
        self.t_groups = table(
            StakeholderGroup, ["id", "office", "name", "name_en", "category", "description", "position", "created_at"]
        )
        self.t_members = table(
            NetworkMember,
            ["id", "office", "group", "name", "organisation", "role", "phone", "email", "note", "is_active"]
            + ["created_at", "updated_at"],
        )
        self.t_announcements = table(
            Announcement,
            ["id", "office", "kind", "number", "subject", "summary", "body", "cover_image", "cover_alt"]
            + ["signer_name", "signer_position", "announced_on", "status", "published_at", "withdrawn_at"]
            + ["withdrawal_reason", "channels", "participation_level", "principles", "created_by", "updated_by"]
            + ["created_at", "updated_at"],
        )
        self.t_targets_m2m = table(Announcement.target_groups.through, ["id", "announcement", "stakeholdergroup"])
        self.t_revisions = table(Revision, ["id", "announcement", "number", "snapshot", "changed_by", "created_at"])
        self.t_meetings = table(
            Meeting,
            ["id", "office", "title", "kind", "starts_at", "ends_at", "venue", "address", "online_url", "chair_name"]
            + ["chair_position", "objectives", "agenda", "minutes", "outcomes", "participation_level", "principles"]
            + ["status", "cancel_reason", "is_public", "registration_open", "capacity", "created_by", "updated_by"]
            + ["created_at", "updated_at", "uid"],
        )
        self.t_attendance = table(MeetingAttendance, ["id", "meeting", "group", "invited", "attended"])
        self.t_actions = table(
            FollowUpAction, ["id", "meeting", "description", "owner", "due_on", "status", "result", "position"]
            + ["updated_at"]
        )  # fmt: skip
        self.t_attendees = table(Attendee, ["id", "meeting", "group", "name", "organisation"])
        self.t_registrations = table(
            Registration, ["id", "meeting", "name", "email", "phone", "organisation", "group", "language", "created_at"]
        )
        self.t_feedback = table(
            Feedback,
            ["id", "office", "kind", "subject", "message", "topic_kind", "topic_id", "topic_title", "group", "name"]
            + ["email", "phone", "phone_digits", "channel", "status", "tracking_code", "submission_token"]
            + ["fingerprint", "language", "received_on", "due_on", "assigned_to", "answer", "answer_public"]
            + ["answered_at", "answered_by", "closed_at", "rating", "rating_comment", "rated_at"]
            + ["contact_erased_at", "created_by", "created_at", "updated_at"],
        )
        self.t_events = table(FeedbackEvent, ["id", "feedback", "kind", "status", "text", "actor", "created_at"])
        self.t_plans = table(
            Plan, ["id", "office", "fiscal_year", "previous_summary", "created_by", "created_at", "updated_at"]
        )
        self.t_steps = table(
            PlanStep, ["id", "plan", "step", "position", "description", "due_on", "responsible", "status"]
        )
        self.t_plan_targets = table(StakeholderTarget, ["id", "plan", "group", "reason", "channels"])
        self.t_summaries = table(
            YearSummary,
            ["id", "plan", "status", "analysis", "lessons", "recommendations", "figures", "version", "submitted_at"]
            + ["return_comment", "approved_by", "approver_name", "approver_position", "approved_at", "updated_at"],
        )
        self.t_versions = table(
            SummaryVersion,
            ["id", "summary", "number", "snapshot", "submitted_by", "submitted_at", "decision", "decision_comment"]
            + ["decided_by", "decided_at"],
        )

    def _users_and_offices(self, offices: list[dict]) -> None:
        rng = self.rng
        joined = datetime.datetime.combine(self.start, datetime.time(9), tzinfo=BANGKOK)
        self.offices = []
        for data in offices:
            office = dict(data)
            office["id"] = self.t_offices.new_pk()
            phrases = text.Phrases(rng, office["province"])
            office["director_name"] = f"ดร.{phrases.name()}" if rng.random() < 0.5 else phrases.person()
            office["director_position"] = f"ผู้อำนวยการ{office['name_th']}"
            self.t_offices.add(
                office["id"], office["slug"], office["name_th"], office["name_en"], office["short_name_th"],
                office["short_name_en"], office["kind"], office["province"],
                f"อำเภอเมือง{office['province']} จังหวัด{office['province']}",
                f"0{rng.randint(20, 79)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                f"contact@{office['slug']}.example.org", f"https://{office['slug']}.example.org/",
                office["director_name"],
                office["director_position"], True, 15, True, 730, joined, joined,
            )  # fmt: skip
            for role, first_name in (("staff", "เจ้าหน้าที่"), ("director", "ผู้อำนวยการ")):
                user_id = self.t_users.new_pk()
                self.t_users.add(
                    user_id, self.password_hash, False, f"{office['slug']}-{role}", first_name,
                    office["short_name_th"], f"{role}@{office['slug']}.example.org", True, True, joined,
                )  # fmt: skip
                self.t_memberships.add(self.t_memberships.new_pk(), user_id, office["id"], role, False, joined)
                office[role] = user_id
            # Stakeholder groups: six to ten of the common kinds, in a random order of importance.
            chosen = rng.sample(text.GROUPS, rng.randint(6, min(10, len(text.GROUPS))))
            office["groups"] = []
            for position, (category, name, name_en) in enumerate(chosen):
                group_id = self.t_groups.new_pk()
                if category in {"media", "civil_society"}:
                    name = f"{name}{office['province']}"
                self.t_groups.add(group_id, office["id"], name, name_en, category, "", position, joined)
                office["groups"].append((group_id, name, name_en))
            self.offices.append(office)

    def _office_records(self, office: dict, *, announcements: int, feedback: int, meetings: int, network: int):
        phrases = text.Phrases(self.rng, office["province"])
        figures = defaultdict(
            lambda: {
                "announcements": 0,
                "channels": Counter(),
                "meetings": 0,
                "held": 0,
                "attended": 0,
                "by_group": Counter(),
                "actions": 0,
                "actions_done": 0,
                "received": 0,
                "answered": 0,
                "in_time": 0,
                "complaints": 0,
                "ratings": [],
                "days": [],
                "by_kind": Counter(),
            }
        )
        self._network(office, phrases, network)
        self._announcements(office, phrases, announcements, figures)
        self._meetings(office, phrases, meetings, figures)
        self._feedback(office, phrases, feedback, figures)
        self._plans(office, phrases, figures)

    def _network(self, office: dict, phrases: text.Phrases, count: int) -> None:
        rng = self.rng
        created = datetime.datetime.combine(self.start, datetime.time(10), tzinfo=BANGKOK)
        seen = set()
        for index in range(count):
            group_id = rng.choice(office["groups"])[0]
            name = phrases.person()
            organisation = phrases.fill("โรงเรียนบ้าน{place}")
            if (group_id, name, organisation) in seen:
                organisation = f"{organisation} ({index})"
            seen.add((group_id, name, organisation))
            has_contact = rng.random() < 0.6
            self.t_members.add(
                self.t_members.new_pk(), office["id"], group_id, name, organisation,
                rng.choice(["ผู้อำนวยการโรงเรียน", "ครู", "ประธานกรรมการ", "ผู้แทนชุมชน", "ผู้ปกครอง", ""]),
                f"08{rng.randint(10000000, 99999999)}" if has_contact else "",
                f"{rng.choice(text.LATIN_NAMES)}{index}@example.net" if has_contact else "",
                "", rng.random() > 0.05, created, created,
            )  # fmt: skip

    def _announcements(self, office: dict, phrases: text.Phrases, count: int, figures) -> None:
        rng = self.rng
        A = Announcement.Status
        future = max(1, count // 100)
        days = sorted(self.past_day() for _ in range(count - future))
        days += sorted(self.today + datetime.timedelta(days=rng.randint(1, 45)) for _ in range(future))
        numbers = Counter()
        kinds = list(Announcement.Kind.values)
        levels = list(ParticipationLevel.values)
        for day in days:
            pk = self.t_announcements.new_pk()
            kind = rng.choices(kinds, weights=[30, 50, 10, 10])[0]
            topic = rng.choice(text.TOPICS)
            number, signer, signer_position = "", "", ""
            if kind == "announcement":
                numbers[be_year(day)] += 1
                number = f"{numbers[be_year(day)]}/{be_year(day)}"
                subject = f"ประกาศ{office['short_name_th']} เรื่อง {topic}"
                signer, signer_position = office["director_name"], office["director_position"]
            elif kind == "news":
                subject = f"{office['short_name_th']} {rng.choice(text.NEWS_VERBS)}{topic}"
            elif kind == "press_release":
                subject = f"ข่าวประชาสัมพันธ์: {topic}"
            else:
                subject = f"รายงาน{topic} ประจำปีงบประมาณ {fiscal_year_of(day)}"
            published_at = self.moment(day)
            withdrawn_at, reason = None, ""
            if day > self.today:
                status = A.SCHEDULED
            else:
                roll = rng.random()
                if roll < 0.03:
                    status, published_at = A.DRAFT, None
                elif roll < 0.04:
                    status = A.WITHDRAWN
                    withdrawn_at = self.not_after_now(published_at + datetime.timedelta(days=rng.randint(1, 20)))
                    reason = rng.choice(text.WITHDRAWAL_REASONS)
                elif roll < 0.06:
                    status = A.SCHEDULED  # its time has come: public without any job
                else:
                    status = A.PUBLISHED
            created_at = self.moment(day - datetime.timedelta(days=rng.randint(0, 3)), 8, 10)
            created_at = min(created_at, published_at) if published_at else self.not_after_now(created_at)
            updated_at = withdrawn_at or published_at or created_at
            channels = rng.sample(Channel.values, rng.randint(1, 3))
            principles = rng.sample(GovernancePrinciple.values, rng.randint(1, 3))
            level = rng.choices(levels, weights=[60, 25, 8, 5, 2])[0]
            summary = phrases.fill(rng.choice(text.SENTENCES))
            body = phrases.body()
            self.t_announcements.add(
                pk, office["id"], kind, number, subject, summary, body, "", "", signer, signer_position, day,
                status, published_at, withdrawn_at, reason, channels, level, principles, office["staff"],
                office["staff"], created_at, updated_at,
            )  # fmt: skip
            groups = rng.sample(office["groups"], rng.randint(1, 3))
            for group_id, _name, _name_en in groups:
                self.t_targets_m2m.add(self.t_targets_m2m.new_pk(), pk, group_id)
            if published_at is None or published_at > self.now:
                continue
            snapshot = {
                "kind": kind, "number": number, "subject": subject, "summary": summary, "body": body,
                "cover_alt": "", "signer_name": signer, "signer_position": signer_position,
                "announced_on": day.isoformat(), "channels": channels, "participation_level": level,
                "principles": principles, "target_groups": sorted(name for _id, name, _en in groups),
                "attachments": [], "cover_image": False,
            }  # fmt: skip
            if rng.random() < 0.05:  # corrected once after publication
                first = {**snapshot, "summary": phrases.fill(rng.choice(text.SENTENCES))}
                self.t_revisions.add(self.t_revisions.new_pk(), pk, 1, first, office["staff"], published_at)
                self.t_revisions.add(self.t_revisions.new_pk(), pk, 2, snapshot, office["staff"], updated_at)
            else:
                self.t_revisions.add(self.t_revisions.new_pk(), pk, 1, snapshot, office["staff"], published_at)
            if status != A.WITHDRAWN:
                year = figures[fiscal_year_of(day)]
                year["announcements"] += 1
                year["channels"].update(channels)

    def _meetings(self, office: dict, phrases: text.Phrases, count: int, figures) -> None:
        rng = self.rng
        M = Meeting.Status
        kinds = list(Meeting.Kind.values)
        levels = list(ParticipationLevel.values)
        committee_numbers = Counter()
        upcoming = max(1, count // 25)
        days = sorted(self.past_day() for _ in range(count - upcoming))
        days += sorted(self.today + datetime.timedelta(days=rng.randint(1, 60)) for _ in range(upcoming))
        for day in days:
            pk = self.t_meetings.new_pk()
            kind = rng.choices(kinds, weights=[20, 20, 15, 25, 5, 10, 5])[0]
            year = fiscal_year_of(day)
            committee_numbers[year] += kind == "committee"
            title = phrases.fill(text.MEETING_TITLES[kind], n=committee_numbers[year], year=year)
            starts = self.moment(day, 8, 14)
            if rng.random() < 0.06:
                ends = starts + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 4))
            else:
                ends = starts + datetime.timedelta(hours=rng.randint(2, 7))
            past = ends < self.now
            if past:
                status = rng.choices([M.HELD, M.CANCELLED, M.PLANNED], weights=[92, 5, 3])[0]
            else:
                status = M.CANCELLED if rng.random() < 0.03 else M.PLANNED
            is_public = rng.random() < 0.85
            registration_open = is_public and not past and rng.random() < 0.4
            capacity = rng.choice([None, 40, 60, 100, 200]) if registration_open else None
            venue = phrases.fill(rng.choice(text.VENUES))
            held = status == M.HELD
            principles = rng.sample(GovernancePrinciple.values, rng.randint(1, 3))
            level = rng.choices(levels, weights=[10, 40, 30, 15, 5])[0]
            created_at = self.not_after_now(starts - datetime.timedelta(days=rng.randint(3, 30)))
            updated_at = self.not_after_now(ends + datetime.timedelta(days=1)) if held else created_at
            self.t_meetings.add(
                pk, office["id"], title, kind, starts, ends, venue, f"จังหวัด{office['province']}",
                "https://meet.example.org/room" if "ออนไลน์" in venue else "", office["director_name"],
                office["director_position"], rng.sample(text.OBJECTIVES, rng.randint(2, 3)),
                "\n".join(f"ระเบียบวาระที่ {n} {rng.choice(text.OBJECTIVES)}" for n in range(1, rng.randint(3, 5))),
                phrases.paragraph(rng.randint(2, 4)) if held else "",
                phrases.fill(rng.choice(text.OUTCOMES)) if held else "", level, principles, status,
                "เลื่อนออกไปเนื่องจากติดภารกิจเร่งด่วน" if status == M.CANCELLED else "", is_public,
                registration_open, capacity, office["staff"], office["staff"], created_at, updated_at,
                uuid_from(rng),
            )  # fmt: skip
            groups = rng.sample(office["groups"], rng.randint(2, min(5, len(office["groups"]))))
            attended_total = 0
            figure = figures[year]
            for group_id, _name, _en in groups:
                invited = rng.randint(5, 60)
                attended = max(0, invited - rng.randint(0, invited // 3)) if held else None
                self.t_attendance.add(self.t_attendance.new_pk(), pk, group_id, invited, attended)
                if attended:
                    attended_total += attended
                    if is_public:
                        figure["by_group"][group_id] += attended
            if is_public and status != M.CANCELLED:
                figure["meetings"] += 1
                figure["held"] += held
                figure["attended"] += attended_total
            if held:
                for position in range(rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0]):
                    due = day + datetime.timedelta(days=rng.randint(14, 90))
                    age = (self.today - due).days
                    if age > 0:
                        done = rng.choices(["done", "in_progress", "open", "dropped"], weights=[75, 12, 8, 5])[0]
                    else:
                        done = rng.choice(["open", "in_progress", "done"])
                    self.t_actions.add(
                        self.t_actions.new_pk(), pk, rng.choice(text.ACTIONS), rng.choice(text.DIVISIONS), due,
                        done, "ดำเนินการแล้วเสร็จตามกำหนด" if done == "done" else "", position, updated_at,
                    )  # fmt: skip
                    if is_public:
                        figure["actions"] += 1
                        figure["actions_done"] += done == "done"
                if rng.random() < 0.08:  # the sign-in sheets were typed in
                    for _ in range(min(attended_total, rng.randint(10, 40))):
                        self.t_attendees.add(
                            self.t_attendees.new_pk(), pk, rng.choice(groups)[0], phrases.person(),
                            phrases.fill("โรงเรียนบ้าน{place}"),
                        )  # fmt: skip
            if registration_open or (is_public and held and rng.random() < 0.05):
                limit = min(capacity or 30, 30)
                for number in range(rng.randint(0, limit)):
                    self.t_registrations.add(
                        self.t_registrations.new_pk(), pk, phrases.person(),
                        f"{rng.choice(text.LATIN_NAMES)}.{number}@example.com", "", "", rng.choice(groups)[0], "th",
                        self.not_after_now(created_at + datetime.timedelta(days=1 + number % 5)),
                    )  # fmt: skip

    def _feedback(self, office: dict, phrases: text.Phrases, count: int, figures) -> None:
        rng = self.rng
        S = Feedback.Status
        kinds = list(Feedback.Kind.values)
        kind_weights = [22, 24, 8, 20, 16, 8, 2]
        channels = list(Feedback.Channel.values)
        channel_weights = [75, 8, 5, 4, 5, 2, 1]
        answer_days = 15
        staff = office["staff"]
        for _ in range(count):
            pk = self.t_feedback.new_pk()
            kind = rng.choices(kinds, weights=kind_weights)[0]
            channel = rng.choices(channels, weights=channel_weights)[0]
            received = self.past_day()
            created_at = self.not_after_now(self.moment(received, 6, 23))
            age = (self.today - received).days
            due = received + datetime.timedelta(days=answer_days)
            roll = rng.random()
            if roll < 0.02:
                status = S.SPAM
            elif age <= 2:
                status = S.RECEIVED if roll < 0.7 else S.IN_PROGRESS
            elif age < 20:
                status = rng.choices([S.ANSWERED, S.IN_PROGRESS, S.RECEIVED, S.CLOSED], weights=[50, 25, 15, 10])[0]
            else:
                status = rng.choices([S.CLOSED, S.ANSWERED, S.IN_PROGRESS, S.RECEIVED], weights=[57, 37, 4, 2])[0]
            answered_at = closed_at = rated_at = None
            answer, public, rating = "", False, None
            if status in (S.ANSWERED, S.CLOSED):
                lag = min(age, rng.choices([rng.randint(1, 15), rng.randint(16, 40)], weights=[82, 18])[0])
                answered_at = self.not_after_now(self.moment(received + datetime.timedelta(days=lag)))
                answered_at = max(answered_at, created_at)
                answer = phrases.fill(rng.choice(text.ANSWERS))
                public = kind != "misconduct" and rng.random() < 0.65
                if status == S.CLOSED:
                    closed_at = self.not_after_now(answered_at + datetime.timedelta(days=rng.randint(0, 10)))
                if rng.random() < 0.3:
                    rating = rng.choices([1, 2, 3, 4, 5], weights=[4, 6, 15, 35, 40])[0]
                    rated_at = self.not_after_now(answered_at + datetime.timedelta(days=1))
            updated_at = max(moment for moment in (created_at, answered_at, closed_at, rated_at) if moment)
            has_name, has_email, has_phone = rng.random() < 0.5, rng.random() < 0.35, rng.random() < 0.25
            phone = f"08{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}" if has_phone else ""
            subject = phrases.fill(rng.choice(text.FEEDBACK_SUBJECTS[kind]))
            handled = status not in (S.RECEIVED, S.SPAM)
            group = rng.choice(office["groups"])[0] if rng.random() < 0.5 else None
            self.t_feedback.add(
                pk, office["id"], kind, subject[:200], phrases.feedback_message(), "", None, "", group,
                phrases.person() if has_name else "",
                f"{rng.choice(text.LATIN_NAMES)}{rng.randint(1, 99999)}@example.com" if has_email else "",
                phone, "".join(ch for ch in phone if ch.isdigit()), channel, status, tracking_code(pk, self.code_salt),
                None, "", "en" if rng.random() < 0.03 else "th", received, due,
                staff if handled and rng.random() < 0.7 else None, answer, public, answered_at,
                staff if answered_at else None, closed_at, rating, "", rated_at, None,
                None if channel == "web" else staff, created_at, updated_at,
            )  # fmt: skip
            # The history the tracking page shows: each status change.
            events = []
            if status == S.IN_PROGRESS:
                events.append((S.IN_PROGRESS, self.not_after_now(created_at + datetime.timedelta(days=1))))
            if answered_at:
                events.append((S.ANSWERED, answered_at))
            if closed_at:
                events.append((S.CLOSED, closed_at))
            if status == S.SPAM:
                events.append((S.SPAM, self.not_after_now(created_at + datetime.timedelta(hours=2))))
            for event_status, moment in events:
                self.t_events.add(self.t_events.new_pk(), pk, "status", event_status, "", staff, moment)
            if status == S.SPAM or kind == "misconduct":
                continue
            figure = figures[fiscal_year_of(received)]
            figure["received"] += 1
            figure["by_kind"][kind] += 1
            figure["complaints"] += kind == "complaint"
            if answered_at:
                figure["answered"] += 1
                days_taken = (timezone.localtime(answered_at).date() - received).days
                figure["days"].append(days_taken)
                figure["in_time"] += timezone.localtime(answered_at).date() <= due
            if rating:
                figure["ratings"].append(rating)

    def _plans(self, office: dict, phrases: text.Phrases, figures) -> None:
        rng = self.rng
        previous_summary = None
        groups = {group_id: (name, name_en) for group_id, name, name_en in office["groups"]}
        for fiscal_year in self.years:
            start, end = fiscal_year_range(fiscal_year)
            over = end < self.today
            plan_id, summary_id = self.t_plans.new_pk(), self.t_summaries.new_pk()
            opened = self.not_after_now(self.moment(start + datetime.timedelta(days=rng.randint(0, 20)), 9, 12))
            self.t_plans.add(plan_id, office["id"], fiscal_year, previous_summary, office["staff"], opened, opened)
            for position, step in enumerate(CycleStep.values, start=1):
                if over:
                    status = "done"
                else:
                    status = "done" if position == 1 else ("in_progress" if position <= 3 else "not_started")
                self.t_steps.add(
                    self.t_steps.new_pk(), plan_id, step, position, text.STEP_TEXT[position - 1], end,
                    rng.choice(text.DIVISIONS), status,
                )  # fmt: skip
            for group_id, _name, _en in rng.sample(office["groups"], rng.randint(3, 6)):
                self.t_plan_targets.add(
                    self.t_plan_targets.new_pk(), plan_id, group_id, "ภาคีที่ได้รับผลจากนโยบายการศึกษาของเขตพื้นที่",
                    rng.choice(text.CHANNELS_TEXT),
                )  # fmt: skip
            if not over:
                self.t_summaries.add(
                    summary_id, plan_id, "draft", "", "", "", {}, 0, None, "", None, "", "", None, opened
                )  # fmt: skip
                continue
            analysis = rng.choice(text.ANALYSES)
            lessons = rng.choice(text.LESSONS)
            recommendations = "\n".join(rng.sample(text.RECOMMENDATIONS, 2))
            figure = figures[fiscal_year]
            days = figure["days"]
            figures_doc = {
                "fiscal_year": fiscal_year,
                "meetings": {
                    "count": figure["meetings"],
                    "held": figure["held"],
                    "attended": figure["attended"],
                    "by_group": [
                        {"group": key, "name": {"th": groups[key][0], "en": groups[key][1]}, "attended": n}
                        for key, n in figure["by_group"].most_common()
                    ],
                },
                "announcements": {
                    "count": figure["announcements"], "by_channel": dict(figure["channels"].most_common())
                },
                "follow_up": {"count": figure["actions"], "done": figure["actions_done"]},
                "feedback": {
                    "received": figure["received"],
                    "answered": figure["answered"],
                    "answered_in_time": figure["in_time"],
                    "complaints": figure["complaints"],
                    "median_days": statistics.median(days) if days else None,
                    "average_rating": round(statistics.mean(figure["ratings"]), 2) if figure["ratings"] else None,
                    "ratings": len(figure["ratings"]),
                    "by_kind": dict(figure["by_kind"]),
                },
            }  # fmt: skip
            submitted = self.not_after_now(self.moment(end + datetime.timedelta(days=rng.randint(3, 15)), 9, 16))
            returned = rng.random() < 0.2  # the director sent a first version back
            version = 2 if returned else 1
            approved = self.not_after_now(submitted + datetime.timedelta(days=rng.randint(2, 8) + 7 * returned))
            snapshot = {
                "analysis": analysis, "lessons": lessons, "recommendations": recommendations, "figures": figures_doc
            }  # fmt: skip
            if returned:
                self.t_versions.add(
                    self.t_versions.new_pk(), summary_id, 1, {**snapshot, "lessons": ""}, office["staff"], submitted,
                    "returned", "ขอให้เพิ่มบทเรียนที่ได้รับ", office["director"], submitted + datetime.timedelta(days=2),
                )  # fmt: skip
                submitted += datetime.timedelta(days=7)
                submitted = self.not_after_now(submitted)
            self.t_versions.add(
                self.t_versions.new_pk(), summary_id, version, snapshot, office["staff"], submitted, "approved", "",
                office["director"], approved,
            )  # fmt: skip
            self.t_summaries.add(
                summary_id, plan_id, "approved", analysis, lessons, recommendations, figures_doc, version, submitted,
                "ขอให้เพิ่มบทเรียนที่ได้รับ" if returned else "", office["director"], office["director_name"],
                office["director_position"], approved, approved,
            )  # fmt: skip
            previous_summary = summary_id


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
