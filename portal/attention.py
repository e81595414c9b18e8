"""What needs a person's attention in the offices they work for: the counts of the workspace dashboard.

Each kind of record is counted for all of the person's offices at once, in one query of conditional
counts grouped by office, so the dashboard runs the same queries whatever the number of records and
offices. Every count links to the workspace list that shows the same records (its filters in the
query string), and counts only what the person may see there: reports of misconduct only where they
handle them, summaries awaiting decision only where they decide.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from participation.cycle.models import YearSummary
from participation.feedback.models import Feedback
from participation.hearings.models import HearingComment
from participation.meetings.models import Meeting
from participation.permissions import Standing
from participation.surveys.models import CLOSING_SOON, Survey


@dataclass(frozen=True)
class Item:
    """One thing waiting: how many, what they are, and where to find them."""

    key: str
    count: int
    label: str
    url: str
    urgent: bool = False


def _by_office(rows, office_field: str = "office") -> dict[int, dict]:
    return {row.pop(office_field): row for row in rows}


def _link(name: str, slug: str, query: str = "") -> str:
    url = reverse(name, kwargs={"office": slug})
    return f"{url}?{query}" if query else url


def feedback_counts(user, standings: list[Standing], today) -> dict[int, dict]:
    """Open feedback per office: overdue, nobody's yet, and the user's own."""
    handled = [s.office.pk for s in standings if s.can_handle_misconduct]
    rows = (
        Feedback.objects.filter(office__in=[s.office.pk for s in standings])
        .open()
        .filter(Q(office__in=handled) | ~Q(kind=Feedback.Kind.MISCONDUCT))
        .values("office")
        .order_by()
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
            mine=Count("pk", filter=Q(assigned_to=user)),
        )
    )
    return _by_office(rows)


def summary_counts(office_ids: list[int]) -> dict[int, dict]:
    """Yearly summaries per office waiting for the director, or sent back to staff."""
    summaries = YearSummary.objects.awaiting_decision() | YearSummary.objects.returned()
    rows = (
        summaries.filter(plan__office__in=office_ids)
        .values("plan__office")
        .order_by()
        .annotate(
            waiting=Count("pk", filter=Q(status=YearSummary.Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=YearSummary.Status.RETURNED)),
        )
    )
    return _by_office(rows, "plan__office")


def meeting_counts(office_ids: list[int], now) -> dict[int, dict]:
    """Meetings per office that took place and still miss the number of people who came."""
    rows = (
        Meeting.objects.filter(office__in=office_ids)
        .without_attendance(now)
        .values("office")
        .order_by()
        .annotate(missing=Count("pk"))
    )
    return _by_office(rows)


def moderation_counts(office_ids: list[int]) -> dict[int, dict]:
    """Hearing comments per office waiting for moderation."""
    rows = (
        HearingComment.objects.pending()
        .filter(hearing__office__in=office_ids)
        .values("hearing__office")
        .order_by()
        .annotate(comments=Count("pk"))
    )
    return _by_office(rows, "hearing__office")


def survey_counts(office_ids: list[int], now) -> dict[int, dict]:
    """Open surveys per office that close within CLOSING_SOON."""
    rows = (
        Survey.objects.filter(office__in=office_ids)
        .closing_within(CLOSING_SOON, now)
        .values("office")
        .order_by()
        .annotate(closing=Count("pk"))
    )
    return _by_office(rows)


def attention(user, standings: list[Standing], now=None) -> dict[int, list[Item]]:
    """For each office of `standings` (by id), what waits for the user there, most pressing first."""
    if not standings:
        return {}
    now = now or timezone.now()
    today = timezone.localdate(now)
    office_ids = [s.office.pk for s in standings]
    feedback = feedback_counts(user, standings, today)
    summaries = summary_counts(office_ids)
    meetings = meeting_counts(office_ids, now)
    moderation = moderation_counts(office_ids)
    surveys = survey_counts(office_ids, now)
    return {
        standing.office.pk: _items_of(standing, feedback, summaries, meetings, moderation, surveys)
        for standing in standings
    }


def _items_of(standing: Standing, feedback, summaries, meetings, moderation, surveys) -> list[Item]:
    """What waits in one office, from the counts of all of them."""
    slug, pk = standing.office.slug, standing.office.pk
    items = []

    def add(key, count, label, url, urgent=False):
        if count:
            items.append(Item(key=key, count=count, label=label, url=url, urgent=urgent))

    counts = feedback.get(pk, {})
    overdue, unassigned, mine = (counts.get(name, 0) for name in ("overdue", "unassigned", "mine"))
    add(
        "feedback_overdue",
        overdue,
        ngettext("feedback item past its reply date", "feedback items past their reply date", overdue),
        _link("feedback:inbox", slug, "overdue=on"),
        urgent=True,
    )
    if standing.can_decide:
        waiting = summaries.get(pk, {}).get("waiting", 0)
        add(
            "summaries_waiting",
            waiting,
            ngettext("yearly summary awaits your decision", "yearly summaries await your decision", waiting),
            _link("cycle:manage_approvals", slug),
            urgent=True,
        )
    add(
        "feedback_unassigned",
        unassigned,
        ngettext("open feedback item not assigned to anyone", "open feedback items not assigned to anyone", unassigned),
        _link("feedback:inbox", slug, "status=open&unassigned=on"),
    )
    add(
        "feedback_mine",
        mine,
        ngettext("open feedback item assigned to you", "open feedback items assigned to you", mine),
        _link("feedback:inbox", slug, "status=open&mine=on"),
    )
    returned = summaries.get(pk, {}).get("returned", 0)
    add(
        "summaries_returned",
        returned,
        ngettext("yearly summary returned for changes", "yearly summaries returned for changes", returned),
        _link("cycle:manage_plans", slug),
    )
    missing = meetings.get(pk, {}).get("missing", 0)
    add(
        "meetings_without_attendance",
        missing,
        ngettext(
            "meeting held without its attendance recorded",
            "meetings held without their attendance recorded",
            missing,
        ),
        _link("meetings:manage_list", slug, "no_attendance=on"),
    )
    pending = moderation.get(pk, {}).get("comments", 0)
    add(
        "comments_pending",
        pending,
        ngettext("hearing comment awaits moderation", "hearing comments await moderation", pending),
        _link("hearings:manage_list", slug, "pending=on"),
    )
    closing = surveys.get(pk, {}).get("closing", 0)
    add(
        "surveys_closing",
        closing,
        ngettext("survey closes within 7 days", "surveys close within 7 days", closing),
        _link("surveys:manage_list", slug, "closing=on"),
    )
    return items
