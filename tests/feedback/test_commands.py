"""The daily commands: purging old contact details, queueing the overdue digest."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation.feedback.management.commands.purge_feedback_contacts import Command
from participation.feedback.models import Feedback
from participation.models import AuditEvent
from tests.factories import FeedbackFactory, OfficeFactory
from tests.feedback.helpers import S

pytestmark = pytest.mark.django_db

# The kinds other than feedback, as the command reports them (none of these tests has any).
OTHERS = "registrations 0, attendees 0, hearing_comments 0, join_requests 0, subscriptions 0"


@pytest.fixture
def retention(singburi, chainat):
    """Sing Buri keeps contact details 30 days after closing; Chai Nat the default 730."""
    singburi.feedback_retention_days = 30
    singburi.save(update_fields=["feedback_retention_days"])
    now = timezone.now()
    received = timezone.localdate() - datetime.timedelta(days=100)

    def make(office, status, closed_days_ago=None, **fields):
        closed_at = now - datetime.timedelta(days=closed_days_ago) if closed_days_ago is not None else None
        fields = {"name": "ผู้ส่ง", "email": "sender@example.org", "phone": "0811111111", **fields}
        return FeedbackFactory(office=office, status=status, closed_at=closed_at, received_on=received, **fields)

    items = {
        "old_closed": make(singburi, S.CLOSED, 40),
        "recent_closed": make(singburi, S.CLOSED, 10),
        "old_open": make(singburi, S.IN_PROGRESS),
        "old_answered": make(singburi, S.ANSWERED),
        "old_spam": make(singburi, S.SPAM),
        "chainat_closed": make(chainat, S.CLOSED, 40),
    }
    # Spam has no closing time: its last change counts.
    Feedback.objects.filter(pk__in=[items["old_spam"].pk, items["old_open"].pk, items["old_answered"].pk]).update(
        updated_at=now - datetime.timedelta(days=40)
    )
    return items


def contacts(items) -> dict:
    return {key: Feedback.objects.values_list("name", "email", "phone").get(pk=item.pk) for key, item in items.items()}


def test_purge_dry_run_counts_and_changes_nothing(retention):
    before = contacts(retention)
    out = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=out)
    assert contacts(retention) == before
    assert not AuditEvent.objects.filter(action="feedback.contacts_purged").exists()
    lines = out.getvalue().splitlines()
    assert f"singburi: 2 would be cleared (feedback 2, {OTHERS})" in lines
    assert f"chainat: 0 would be cleared (feedback 0, {OTHERS})" in lines


def test_purge_clears_only_closed_feedback_past_the_retention(retention):
    out = io.StringIO()
    call_command("purge_feedback_contacts", stdout=out)
    assert f"singburi: 2 cleared (feedback 2, {OTHERS})" in out.getvalue().splitlines()
    after = contacts(retention)
    assert after["old_closed"] == after["old_spam"] == ("", "", "")
    for kept in ("recent_closed", "old_open", "old_answered", "chainat_closed"):
        assert after[kept] == ("ผู้ส่ง", "sender@example.org", "0811111111")
    assert Feedback.objects.get(pk=retention["old_closed"].pk).contact_erased_at is not None
    event = AuditEvent.objects.get(action="feedback.contacts_purged")
    assert event.data["count"] == 2
    # Nothing is left to clear: a second run and a dry run find nothing.
    again = io.StringIO()
    call_command("purge_feedback_contacts", "--dry-run", stdout=again)
    assert f"singburi: 0 would be cleared (feedback 0, {OTHERS})" in again.getvalue().splitlines()


def test_the_purge_command_says_it_runs_daily():
    assert "daily" in Command.help


def test_digest_is_queued_only_for_offices_with_overdue_feedback(singburi, chainat):
    today = timezone.localdate()
    late = today - datetime.timedelta(days=1)
    FeedbackFactory(office=singburi, status=S.RECEIVED, received_on=late - datetime.timedelta(days=15), due_on=late)
    FeedbackFactory(office=singburi, status=S.IN_PROGRESS, received_on=today, due_on=late)
    # Chai Nat: open but not yet due, and overdue but answered.
    FeedbackFactory(office=chainat, status=S.RECEIVED, received_on=today, due_on=today)
    FeedbackFactory(office=chainat, status=S.ANSWERED, received_on=today, due_on=late, answered_at=timezone.now())
    hidden = OfficeFactory(slug="hidden", is_active=False)
    FeedbackFactory(office=hidden, status=S.RECEIVED, received_on=today, due_on=late)

    before = DBTaskResult.objects.count()
    out = io.StringIO()
    call_command("send_feedback_digest", stdout=out)
    queued = DBTaskResult.objects.order_by("enqueued_at")[before:]
    assert [(task.task_path.rsplit(".", 1)[-1], task.args_kwargs["kwargs"]) for task in queued] == [
        ("send_overdue_digest", {"office_id": singburi.pk})
    ]
    assert "singburi: digest queued" in out.getvalue().splitlines()


def test_digest_finds_the_offices_in_one_query(singburi, chainat):
    late = timezone.localdate() - datetime.timedelta(days=1)
    FeedbackFactory(office=singburi, received_on=late, due_on=late)
    FeedbackFactory(office=chainat, received_on=late, due_on=late)
    with CaptureQueriesContext(connection) as queries:
        call_command("send_feedback_digest", stdout=io.StringIO())
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    # The offices with overdue feedback, and the people with notices waiting for the daily e-mail.
    assert len(reads) == 2
    assert DBTaskResult.objects.count() == 2
