"""What people should hear about, without the core importing the app that tells them.

Two kinds of news leave a service:

- **Notices to staff** (`notify`): a summary submitted to the director, returned or approved, feedback
  assigned to someone. The service says who should hear (named users and/or everyone in the office who
  may do something) and what it is about; whoever delivers notices (participation.notifications)
  registers a listener and decides, when it delivers, who still has the role to receive it.
- **Updates for the public** (`publish_update`): an office made something public that people subscribe
  to (an announcement, a meeting). The app that owns the record registers an update source: how to read
  one of its records again when the e-mail goes out, so a record withdrawn or made private meanwhile is
  never mailed.

Services call these inside their transaction; the listeners queue their tasks with
`transaction.on_commit`, so nothing is sent for a change that was rolled back.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from participation.permissions import Ability


class NoticeKind(StrEnum):
    SUMMARY_SUBMITTED = "summary_submitted"
    SUMMARY_RETURNED = "summary_returned"
    SUMMARY_APPROVED = "summary_approved"
    FEEDBACK_ASSIGNED = "feedback_assigned"
    FEEDBACK_OVERDUE = "feedback_overdue"


NOTICE_LABELS = {
    NoticeKind.SUMMARY_SUBMITTED: _("A yearly summary awaits your decision"),
    NoticeKind.SUMMARY_RETURNED: _("A yearly summary was returned"),
    NoticeKind.SUMMARY_APPROVED: _("A yearly summary was approved"),
    NoticeKind.FEEDBACK_ASSIGNED: _("Feedback was assigned to you"),
    NoticeKind.FEEDBACK_OVERDUE: _("Overdue feedback (daily list)"),
}


@dataclass(frozen=True)
class Notice:
    """One thing that happened in an office, for some of its people."""

    kind: NoticeKind
    office_id: int
    subject: str  # what it is about, as staff read it: a fiscal year, a tracking code and subject
    url: str  # the workspace page to open
    actor_id: int | None = None  # who did it: never told of their own act
    user_ids: tuple[int, ...] = ()  # people named: the one who submitted, the assignee
    ability: Ability | None = None  # and everyone in the office who may do this (DECIDE: the director)
    requires: Ability = Ability.ACT  # what each recipient must still be allowed when it is delivered
    text: str = ""  # a comment that goes with it (the director's reasons for returning)


@dataclass(frozen=True)
class Update:
    """A record of an office that became (or will become, at `public_at`) public."""

    source: str  # a registered update source: "announcements", "meetings"
    office_id: int
    pk: int
    public_at: datetime.datetime | None = None  # later than now for a scheduled announcement


@dataclass(frozen=True)
class UpdateItem:
    """How a public record reads in an update e-mail."""

    title: str
    url: str  # its public page (a path)
    when: datetime.date | datetime.datetime | None = None
    summary: str = ""
    with_time: bool = False  # `when` is a moment (a meeting's start), not a day


@dataclass(frozen=True)
class UpdateSource:
    key: str
    label: str  # plural, what people subscribe to: "Announcements"
    order: int
    # (office, pk) -> UpdateItem, or None when the record is not public (any more, or yet).
    find: Callable


_notice_listeners: list[Callable] = []
_update_listeners: list[Callable] = []
_email_filters: list[Callable] = []
_daily_jobs: list[Callable] = []
_update_sources: dict[str, UpdateSource] = {}


def _add(listeners: list, listener: Callable) -> None:
    if listener not in listeners:
        listeners.append(listener)


def on_notice(listener: Callable) -> None:
    """Call `listener(notice)` for every notice (idempotent)."""
    _add(_notice_listeners, listener)


def notify(notice: Notice) -> None:
    """Tell the listeners; call it inside the service's transaction."""
    for listener in _notice_listeners:
        listener(notice)


def on_email_filter(choose: Callable) -> None:
    """`choose(kind, users)` keeps the users who want that kind of notice by e-mail (people's settings)."""
    _add(_email_filters, choose)


def who_wants_email(kind: NoticeKind, users: list) -> list:
    """The users who want notices of this kind by e-mail; all of them when nobody keeps settings."""
    for choose in _email_filters:
        users = choose(kind, users)
    return users


def on_daily(job: Callable) -> None:
    """Run `job()` with the daily digest (`manage.py send_feedback_digest`)."""
    _add(_daily_jobs, job)


def run_daily() -> list:
    """Run the daily jobs; each returns what it queued, for the command to report."""
    return [job() for job in _daily_jobs]


def register_update_source(*, key: str, label, order: int, find: Callable) -> None:
    """Add a kind of public record people may subscribe to (idempotent)."""
    _update_sources[key] = UpdateSource(key=key, label=label, order=order, find=find)


def update_sources() -> list[UpdateSource]:
    return sorted(_update_sources.values(), key=lambda source: (source.order, source.key))


def update_source(key: str) -> UpdateSource | None:
    return _update_sources.get(key)


def on_update(listener: Callable) -> None:
    """Call `listener(update)` whenever an office makes a record public (idempotent)."""
    _add(_update_listeners, listener)


def publish_update(update: Update) -> None:
    """Tell the listeners; call it inside the service's transaction."""
    for listener in _update_listeners:
        listener(update)
