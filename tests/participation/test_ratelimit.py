"""Rate limits come from one setting, RATE_LIMITS: {scope: (attempts, window in seconds)}."""

import pytest
from django_tasks_db.models import DBTaskResult

from participation import ratelimit
from participation.feedback import services as feedback_services

pytestmark = pytest.mark.django_db


def test_every_scope_the_portal_uses_is_configured(settings):
    assert {"feedback", "track", "login", "register", "receipt"} <= set(settings.RATE_LIMITS)
    for limit, window in settings.RATE_LIMITS.values():
        assert limit > 0 and window > 0


def test_the_setting_drives_the_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (2, 3600)}
    assert [ratelimit.allow("test", "203.0.113.7") for _ in range(3)] == [True, True, False]
    # Counted per key: someone else is not refused.
    assert ratelimit.allow("test", "203.0.113.8")


def test_a_new_limit_applies_at_once(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (1, 3600)}
    assert ratelimit.allow("test", "key") and not ratelimit.allow("test", "key")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (3, 3600)}
    assert ratelimit.allow("test", "key")


def test_window_of(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (2, 120)}
    assert ratelimit.window_of("test") == 120


def test_an_unknown_scope_is_a_programming_error():
    with pytest.raises(ValueError, match="RATE_LIMITS"):
        ratelimit.allow("no-such-scope", "203.0.113.7")
    with pytest.raises(ValueError):
        ratelimit.window_of("no-such-scope")


def test_receipt_mails_follow_the_receipt_scope(singburi, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "receipt": (1, 3600)}
    for n, email in enumerate(["citizen@example.org", "Citizen@Example.org"]):
        data = {"kind": "question", "subject": f"คำถามที่ {n}", "message": f"ข้อความที่ {n}", "email": email}
        with django_capture_on_commit_callbacks(execute=True):
            feedback_services.feedback_submit(office=singburi, data=data)
    assert DBTaskResult.objects.filter(task_path__endswith=".send_feedback_receipt").count() == 1


def test_counters_past_their_window_are_cleared_now_and_then(settings, monkeypatch):
    """On the database, a counting request now and then deletes the counters whose window ended."""
    import datetime

    from django.utils import timezone

    from participation.models import RateCounter

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (5, 3600)}
    RateCounter.objects.create(key="rl:test:gone:1", count=3, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    ratelimit.allow("test", "203.0.113.7")  # the chance is 0 in the tests: nothing is cleared
    assert RateCounter.objects.filter(key="rl:test:gone:1").exists()
    monkeypatch.setattr(ratelimit, "HOUSEKEEPING_CHANCE", 1)
    assert ratelimit.allow("test", "203.0.113.7")
    assert not RateCounter.objects.filter(key="rl:test:gone:1").exists()
    assert RateCounter.objects.filter(count=2).count() == 1  # the live counter stays
