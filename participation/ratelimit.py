"""Rate limits shared by every server process.

Each limit is a scope of settings.RATE_LIMITS, {scope: (attempts, window in seconds)}; callers ask
`allow(scope, key)` before doing the work, and are refused once the key used up its attempts in the
current window. An attempt that turns out not to count (a form refused for a typo) is given back
with `refund(scope, key)`, so only what should count is held against the sender.

With Redis as the default cache (production), a counter is an INCR and its EXPIRE sent together in
one MULTI/EXEC: atomic, and never left without an expiry. Otherwise counters are rows of the
database, each hit one INSERT … ON CONFLICT DO UPDATE … RETURNING, which is atomic too; Django's
database cache would not do (it reads then writes, and culls entries when it fills up).

Counter keys are keyed hashes (HMAC with the secret key) of the scope and the key, so the addresses
and e-mail addresses they count cannot be recovered from the store by trying them all.

The client's address comes from REMOTE_ADDR, or from the header a trusted proxy sets
(TRUSTED_PROXY_HEADER, e.g. X-Forwarded-For) and only then: a header a client sent itself must
not let it choose its own address. IPv6 clients are counted by their /64, which one person holds.
"""

import datetime
import ipaddress
import logging
import math
import random
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from participation.models import RateCounter
from participation.sharedcache import redis_cache, redis_client

logger = logging.getLogger(__name__)
# The share of counts that also delete expired counters from the database (no expiry of its own there).
HOUSEKEEPING_CHANCE = 0.01

# Seconds a counter outlives its window, so that a hit at the window's last moment is still counted.
GRACE = 5

# Give back one attempt, never going below zero nor creating a counter that is not there.
REDIS_REFUND = """
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then
    return redis.call('DECR', KEYS[1])
end
return 0
"""


def client_address(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        # X-Forwarded-For: client, proxy1, proxy2 — the trusted proxies are the last N entries.
        parts = [part.strip() for part in value.split(",") if part.strip()]
        depth = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
        if len(parts) >= depth:
            address = parts[-depth]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _redis_client(backend: RedisCache, key: str):
    # Django's cache API has no atomic "increment with expiry".
    return redis_client(backend)


def _count_in_redis(backend: RedisCache, counter: str, window: int) -> int:
    key = backend.make_and_validate_key(counter)
    with _redis_client(backend, key).pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, window + GRACE)
        count, _expiry_set = pipe.execute()
    return int(count)


def _refund_in_redis(backend: RedisCache, counter: str) -> None:
    key = backend.make_and_validate_key(counter)
    _redis_client(backend, key).eval(REDIS_REFUND, 1, key)


def _count_in_database(counter: str, window: int) -> int:
    now = timezone.now()
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    key, count = (connection.ops.quote_name(name) for name in ("key", "count"))
    # One statement, atomic on PostgreSQL and SQLite (3.35+) alike: the row is made or incremented.
    sql = (
        f"INSERT INTO {table} ({key}, {count}, {connection.ops.quote_name('expires_at')}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    with connection.cursor() as cursor:
        expires_at = connection.ops.adapt_datetimefield_value(now + datetime.timedelta(seconds=window + GRACE))
        cursor.execute(sql, [counter, expires_at])
        value = cursor.fetchone()[0]
    if random.random() < HOUSEKEEPING_CHANCE:  # noqa: S311 — housekeeping, not security
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return value


def _refund_in_database(counter: str) -> None:
    RateCounter.objects.filter(key=counter, count__gt=0).update(count=F("count") - 1)


def _limit_of(scope: str) -> tuple[int, int]:
    """(attempts, window in seconds) for a scope of settings.RATE_LIMITS; an unknown scope is a bug."""
    try:
        limit, window = settings.RATE_LIMITS[scope]
    except KeyError:
        raise ValueError(f"No rate limit is set for {scope!r}: add it to settings.RATE_LIMITS.") from None
    return limit, window


def window_of(scope: str) -> int:
    """The scope's window in seconds."""
    return _limit_of(scope)[1]


def retry_after(scope: str, now: float | None = None) -> int:
    """Seconds until the scope's current window ends, when a refused key may try again."""
    window = window_of(scope)
    now = time.time() if now is None else now
    return max(1, int(window - now % window))


def wait_minutes(seconds: int) -> int:
    """Seconds to wait as the whole minutes a message tells people (never 0: "in 0 minutes" reads as "now")."""
    return max(1, math.ceil(seconds / 60))


def refused(response: HttpResponse, seconds: int) -> HttpResponse:
    """Mark a response as refused by a limit: 429, with Retry-After for browsers, proxies and scripts."""
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def _counter(scope: str, key: str, window: int) -> str:
    bucket = int(time.time() // window)
    digest = salted_hmac("participation.ratelimit", f"{scope}:{key}", algorithm="sha256").hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def allow(scope: str, key: str) -> bool:
    """Count one attempt at `scope` by `key`; False once the scope's limit was reached in its window."""
    limit, window = _limit_of(scope)
    counter = _counter(scope, key, window)
    backend = redis_cache()
    try:
        count = _count_in_redis(backend, counter, window) if backend else _count_in_database(counter, window)
    except (DatabaseError, RedisError, OSError):
        # A broken counter must not stop people from being heard: let the request through.
        logger.exception("Rate limit unavailable for %s", scope)
        return True
    return count <= limit


def held_back(scope: str, key: str) -> bool:
    """Whether `key` used up the scope's limit in this window, read without counting an attempt: for a
    request answered without the look-up the limit guards, which must still be refused to a client held
    back."""
    limit, window = _limit_of(scope)
    counter = _counter(scope, key, window)
    backend = redis_cache()
    try:
        if backend:
            count = redis_client(backend).get(backend.make_and_validate_key(counter))
        else:
            count = RateCounter.objects.filter(key=counter).values_list("count", flat=True).first()
    except (DatabaseError, RedisError, OSError):
        logger.exception("Rate limit unavailable for %s", scope)
        return False
    return int(count or 0) >= limit


def refund(scope: str, key: str) -> None:
    """Give back the attempt `allow(scope, key)` just counted, when what was attempted does not count
    (a form refused for a mistake, a retry of what was already received)."""
    _limit, window = _limit_of(scope)
    counter = _counter(scope, key, window)
    backend = redis_cache()
    try:
        if backend:
            _refund_in_redis(backend, counter)
        else:
            _refund_in_database(counter)
    except (DatabaseError, RedisError, OSError):
        logger.exception("Rate limit refund failed for %s", scope)
