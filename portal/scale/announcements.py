"""Announcements of three fiscal years (a few scheduled ahead), their target groups and the revisions
kept when they were published or corrected."""

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from announcements.models import Announcement, Channel, Revision
from participation.fiscal import be_year, fiscal_year_of
from participation.vocabularies import GovernancePrinciple, ParticipationLevel
from portal.scale import text

if TYPE_CHECKING:
    from portal.scale.generator import Generator


def open_announcement_tables(gen: "Generator") -> None:
    table = gen.loader.table
    gen.t_announcements = table(
        Announcement,
        ["id", "office", "kind", "number", "subject", "summary", "body", "cover_image", "cover_alt"]
        + ["signer_name", "signer_position", "announced_on", "status", "published_at", "withdrawn_at"]
        + ["withdrawal_reason", "channels", "participation_level", "principles", "created_by", "updated_by"]
        + ["created_at", "updated_at"],
    )
    gen.t_targets_m2m = table(Announcement.target_groups.through, ["id", "announcement", "stakeholdergroup"])
    gen.t_revisions = table(Revision, ["id", "announcement", "number", "snapshot", "changed_by", "created_at"])


def add_announcements(gen: "Generator", office: dict, phrases: text.Phrases, count: int, figures) -> None:
    rng = gen.rng
    A = Announcement.Status
    future = max(1, count // 100)
    days = sorted(gen.past_day() for _ in range(count - future))
    days += sorted(gen.today + datetime.timedelta(days=rng.randint(1, 45)) for _ in range(future))
    numbers = Counter()
    kinds = list(Announcement.Kind.values)
    levels = list(ParticipationLevel.values)
    for day in days:
        pk = gen.t_announcements.new_pk()
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
        published_at = gen.moment(day)
        withdrawn_at, reason = None, ""
        if day > gen.today:
            status = A.SCHEDULED
        else:
            roll = rng.random()
            if roll < 0.03:
                status, published_at = A.DRAFT, None
            elif roll < 0.04:
                status = A.WITHDRAWN
                withdrawn_at = gen.not_after_now(published_at + datetime.timedelta(days=rng.randint(1, 20)))
                reason = rng.choice(text.WITHDRAWAL_REASONS)
            elif roll < 0.06:
                status = A.SCHEDULED  # its time has come: public without any job
            else:
                status = A.PUBLISHED
        created_at = gen.moment(day - datetime.timedelta(days=rng.randint(0, 3)), 8, 10)
        created_at = min(created_at, published_at) if published_at else gen.not_after_now(created_at)
        updated_at = withdrawn_at or published_at or created_at
        channels = rng.sample(Channel.values, rng.randint(1, 3))
        principles = rng.sample(GovernancePrinciple.values, rng.randint(1, 3))
        level = rng.choices(levels, weights=[60, 25, 8, 5, 2])[0]
        summary = phrases.fill(rng.choice(text.SENTENCES))
        body = phrases.body()
        gen.t_announcements.add(
            pk, office["id"], kind, number, subject, summary, body, "", "", signer, signer_position, day,
            status, published_at, withdrawn_at, reason, channels, level, principles, office["staff"],
            office["staff"], created_at, updated_at,
        )  # fmt: skip
        groups = rng.sample(office["groups"], rng.randint(1, 3))
        for group_id, _name, _name_en in groups:
            gen.t_targets_m2m.add(gen.t_targets_m2m.new_pk(), pk, group_id)
        if published_at is None or published_at > gen.now:
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
            gen.t_revisions.add(gen.t_revisions.new_pk(), pk, 1, first, office["staff"], published_at)
            gen.t_revisions.add(gen.t_revisions.new_pk(), pk, 2, snapshot, office["staff"], updated_at)
        else:
            gen.t_revisions.add(gen.t_revisions.new_pk(), pk, 1, snapshot, office["staff"], published_at)
        if status != A.WITHDRAWN:
            year = figures[fiscal_year_of(day)]
            year["announcements"] += 1
            year["channels"].update(channels)
