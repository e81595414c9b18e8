"""Rate limits on the real Redis of this machine (database 15, keys under a prefix of each test's own).

Skipped when Redis does not answer, unless REQUIRE_REDIS=1 (as in CI): then a missing Redis fails."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import ratelimit, sharedcache
from participation.models import RateCounter
from tests.feedback.helpers import receipt_code, send

pytestmark = pytest.mark.django_db


def counters(client, prefix, scope="test"):
    return {key.decode(): int(client.get(key)) for key in client.scan_iter(match=f"{prefix}:*:rl:{scope}:*")}


def test_the_real_backend_is_recognised(redis_store, settings):
    assert sharedcache.redis_cache() is not None


def test_without_redis_the_database_counts(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert sharedcache.redis_cache() is None
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (1, 60)}
    assert ratelimit.allow("test", "203.0.113.7") and RateCounter.objects.count() == 1


def test_counts_in_redis_without_a_query(redis_store, settings):
    client, prefix = redis_store
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (2, 600)}
    with CaptureQueriesContext(connection) as queries:
        assert [ratelimit.allow("test", "203.0.113.7") for _ in range(3)] == [True, True, False]
        assert ratelimit.allow("test", "203.0.113.8")
    assert len(queries) == 0 and not RateCounter.objects.exists()
    found = counters(client, prefix)
    assert sorted(found.values()) == [1, 3]
    for key in found:
        assert 0 < client.ttl(key) <= 600 + ratelimit.GRACE  # never a counter without an expiry


def test_the_keys_do_not_reveal_the_address(redis_store, settings):
    client, prefix = redis_store
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (5, 600)}
    ratelimit.allow("test", "203.0.113.7")
    [key] = counters(client, prefix)
    assert "203.0.113.7" not in key
    settings.SECRET_KEY = "another-secret-another-secret-another-secret-1234"
    ratelimit.allow("test", "203.0.113.7")
    assert len(counters(client, prefix)) == 2  # keyed with the secret, not a plain hash


def test_increments_are_atomic_across_threads(redis_store, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (100, 600)}
    results = []

    def hit():
        results.extend(ratelimit.allow("test", "198.51.100.1") for _ in range(25))

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200 and results.count(True) == 100


def test_a_refund_gives_one_attempt_back_and_never_goes_below_zero(redis_store, settings):
    client, prefix = redis_store
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (1, 600)}
    ratelimit.refund("test", "203.0.113.7")  # nothing counted yet: nothing made
    assert counters(client, prefix) == {}
    assert ratelimit.allow("test", "203.0.113.7")
    ratelimit.refund("test", "203.0.113.7")
    ratelimit.refund("test", "203.0.113.7")
    assert list(counters(client, prefix).values()) == [0]
    assert ratelimit.allow("test", "203.0.113.7") and not ratelimit.allow("test", "203.0.113.7")


def test_feedback_is_limited_in_redis_and_typos_do_not_count(redis_store, client, singburi, settings):
    redis_client, prefix = redis_store
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}
    settings.FEEDBACK_MIN_SECONDS = 0
    assert send(client, subject="").status_code == 200
    assert receipt_code(send(client, message="หนึ่ง"))
    assert receipt_code(send(client, message="สอง"))
    assert send(client, message="สาม").status_code == 429
    # Only the two messages received count: the typo and the refusal gave their attempts back.
    assert list(counters(redis_client, prefix, scope="feedback").values()) == [2]
    assert not RateCounter.objects.exists()


def test_an_unreachable_redis_lets_people_through(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (1, 600)}
    assert ratelimit.allow("test", "203.0.113.7") and ratelimit.allow("test", "203.0.113.7")
    ratelimit.refund("test", "203.0.113.7")
    assert "Rate limit unavailable" in caplog.text
