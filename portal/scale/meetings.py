"""Meetings with their attendance by group, follow-up actions, typed-in sign-in sheets and
registrations."""

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from participation.fiscal import fiscal_year_of
from participation.meetings.models import Attendee, FollowUpAction, Meeting, MeetingAttendance, Registration
from participation.vocabularies import GovernancePrinciple, ParticipationLevel
from portal.scale import text
from portal.scale.loader import uuid_from

if TYPE_CHECKING:
    from portal.scale.generator import Generator


def open_meeting_tables(gen: "Generator") -> None:
    table = gen.loader.table
    gen.t_meetings = table(
        Meeting,
        ["id", "office", "title", "kind", "starts_at", "ends_at", "venue", "address", "online_url", "chair_name"]
        + ["chair_position", "objectives", "agenda", "minutes", "outcomes", "participation_level", "principles"]
        + ["status", "cancel_reason", "is_public", "registration_open", "capacity", "created_by", "updated_by"]
        + ["created_at", "updated_at", "uid"],
    )
    gen.t_attendance = table(MeetingAttendance, ["id", "meeting", "group", "invited", "attended"])
    gen.t_actions = table(
        FollowUpAction, ["id", "meeting", "office", "description", "owner", "due_on", "status", "result"]
        + ["position", "updated_at"]
    )  # fmt: skip
    gen.t_attendees = table(Attendee, ["id", "meeting", "group", "name", "organisation"])
    gen.t_registrations = table(
        Registration, ["id", "meeting", "name", "email", "phone", "organisation", "group", "language", "created_at"]
    )


def add_meetings(gen: "Generator", office: dict, phrases: text.Phrases, count: int, figures) -> None:
    rng = gen.rng
    M = Meeting.Status
    kinds = list(Meeting.Kind.values)
    levels = list(ParticipationLevel.values)
    committee_numbers = Counter()
    upcoming = max(1, count // 25)
    days = sorted(gen.past_day() for _ in range(count - upcoming))
    days += sorted(gen.today + datetime.timedelta(days=rng.randint(1, 60)) for _ in range(upcoming))
    for day in days:
        pk = gen.t_meetings.new_pk()
        kind = rng.choices(kinds, weights=[20, 20, 15, 25, 5, 10, 5])[0]
        year = fiscal_year_of(day)
        committee_numbers[year] += kind == "committee"
        title = phrases.fill(text.MEETING_TITLES[kind], n=committee_numbers[year], year=year)
        starts = gen.moment(day, 8, 14)
        if rng.random() < 0.06:
            ends = starts + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 4))
        else:
            ends = starts + datetime.timedelta(hours=rng.randint(2, 7))
        past = ends < gen.now
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
        created_at = gen.not_after_now(starts - datetime.timedelta(days=rng.randint(3, 30)))
        updated_at = gen.not_after_now(ends + datetime.timedelta(days=1)) if held else created_at
        gen.t_meetings.add(
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
            gen.t_attendance.add(gen.t_attendance.new_pk(), pk, group_id, invited, attended)
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
                age = (gen.today - due).days
                if age > 0:
                    done = rng.choices(["done", "in_progress", "open", "dropped"], weights=[75, 12, 8, 5])[0]
                else:
                    done = rng.choice(["open", "in_progress", "done"])
                gen.t_actions.add(
                    gen.t_actions.new_pk(), pk, office["id"], rng.choice(text.ACTIONS), rng.choice(text.DIVISIONS), due,
                    done, "ดำเนินการแล้วเสร็จตามกำหนด" if done == "done" else "", position, updated_at,
                )  # fmt: skip
                if is_public:
                    figure["actions"] += 1
                    figure["actions_done"] += done == "done"
            if rng.random() < 0.08:  # the sign-in sheets were typed in
                for _ in range(min(attended_total, rng.randint(10, 40))):
                    gen.t_attendees.add(
                        gen.t_attendees.new_pk(), pk, rng.choice(groups)[0], phrases.person(),
                        phrases.fill("โรงเรียนบ้าน{place}"),
                    )  # fmt: skip
        if registration_open or (is_public and held and rng.random() < 0.05):
            limit = min(capacity or 30, 30)
            for number in range(rng.randint(0, limit)):
                gen.t_registrations.add(
                    gen.t_registrations.new_pk(), pk, phrases.person(),
                    f"{rng.choice(text.LATIN_NAMES)}.{number}@example.com", "", "", rng.choice(groups)[0], "th",
                    gen.not_after_now(created_at + datetime.timedelta(days=1 + number % 5)),
                )  # fmt: skip
