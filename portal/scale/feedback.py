"""Feedback items in every status, with tracking codes, answers, ratings and the status history the
tracking page shows."""

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from participation.feedback.models import CODE_ALPHABET, CODE_LENGTH, Feedback, FeedbackEvent
from participation.fiscal import fiscal_year_of
from portal.scale import text

if TYPE_CHECKING:
    from portal.scale.generator import Generator


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


def open_feedback_tables(gen: "Generator") -> None:
    table = gen.loader.table
    gen.t_feedback = table(
        Feedback,
        ["id", "office", "kind", "subject", "message", "topic_kind", "topic_id", "topic_title", "group", "name"]
        + ["email", "phone", "phone_digits", "channel", "status", "tracking_code", "submission_token"]
        + ["fingerprint", "language", "received_on", "due_on", "assigned_to", "answer", "answer_public"]
        + ["answered_at", "answered_by", "closed_at", "rating", "rating_comment", "rated_at"]
        + ["contact_erased_at", "created_by", "created_at", "updated_at"],
    )
    gen.t_events = table(FeedbackEvent, ["id", "feedback", "kind", "status", "text", "actor", "created_at"])


def add_feedback(gen: "Generator", office: dict, phrases: text.Phrases, count: int, figures) -> None:
    rng = gen.rng
    S = Feedback.Status
    kinds = list(Feedback.Kind.values)
    kind_weights = [22, 24, 8, 20, 16, 8, 2]
    channels = list(Feedback.Channel.values)
    channel_weights = [75, 8, 5, 4, 5, 2, 1]
    answer_days = 15
    staff = office["staff"]
    for _ in range(count):
        pk = gen.t_feedback.new_pk()
        kind = rng.choices(kinds, weights=kind_weights)[0]
        channel = rng.choices(channels, weights=channel_weights)[0]
        received = gen.past_day()
        created_at = gen.not_after_now(gen.moment(received, 6, 23))
        age = (gen.today - received).days
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
            answered_at = gen.not_after_now(gen.moment(received + datetime.timedelta(days=lag)))
            answered_at = max(answered_at, created_at)
            answer = phrases.fill(rng.choice(text.ANSWERS))
            public = kind != "misconduct" and rng.random() < 0.65
            if status == S.CLOSED:
                closed_at = gen.not_after_now(answered_at + datetime.timedelta(days=rng.randint(0, 10)))
            if rng.random() < 0.3:
                rating = rng.choices([1, 2, 3, 4, 5], weights=[4, 6, 15, 35, 40])[0]
                rated_at = gen.not_after_now(answered_at + datetime.timedelta(days=1))
        updated_at = max(moment for moment in (created_at, answered_at, closed_at, rated_at) if moment)
        has_name, has_email, has_phone = rng.random() < 0.5, rng.random() < 0.35, rng.random() < 0.25
        phone = f"08{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}" if has_phone else ""
        subject = phrases.fill(rng.choice(text.FEEDBACK_SUBJECTS[kind]))
        handled = status not in (S.RECEIVED, S.SPAM)
        group = rng.choice(office["groups"])[0] if rng.random() < 0.5 else None
        gen.t_feedback.add(
            pk, office["id"], kind, subject[:200], phrases.feedback_message(), "", None, "", group,
            phrases.person() if has_name else "",
            f"{rng.choice(text.LATIN_NAMES)}{rng.randint(1, 99999)}@example.com" if has_email else "",
            phone, "".join(ch for ch in phone if ch.isdigit()), channel, status, tracking_code(pk, gen.code_salt),
            None, "", "en" if rng.random() < 0.03 else "th", received, due,
            staff if handled and rng.random() < 0.7 else None, answer, public, answered_at,
            staff if answered_at else None, closed_at, rating, "", rated_at, None,
            None if channel == "web" else staff, created_at, updated_at,
        )  # fmt: skip
        # The history the tracking page shows: each status change.
        events = []
        if status == S.IN_PROGRESS:
            events.append((S.IN_PROGRESS, gen.not_after_now(created_at + datetime.timedelta(days=1))))
        if answered_at:
            events.append((S.ANSWERED, answered_at))
        if closed_at:
            events.append((S.CLOSED, closed_at))
        if status == S.SPAM:
            events.append((S.SPAM, gen.not_after_now(created_at + datetime.timedelta(hours=2))))
        for event_status, moment in events:
            gen.t_events.add(gen.t_events.new_pk(), pk, "status", event_status, "", staff, moment)
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
