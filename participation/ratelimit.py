"""Rate limits shared by every server process.

Each limit is a scope of settings.RATE_LIMITS, {scope: (attempts, window in seconds)}; callers ask
`allow(scope, key)` before doing the work, and are refused once the key used up its attempts.

With Redis as the cache (production), counters are Redis INCRs, which are atomic. Otherwise they
are rows of the database, incremented with one UPDATE, which is atomic too; Django's database
cache would not do (it reads then writes, and culls entries when it fills up).

The client's address comes from REMOTE_ADDR, or from the header a trusted proxy sets
(TRUSTED_PROXY_HEADER, e.g. X-Forwarded-For) and only then: a header a client sent itself must
not let it choose its own address. IPv6 clients are counted by their /64, which one person holds.
"""

import datetime
import hashlib
import ipaddress
import logging
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from participation.models import RateCounter

logger = logging.getLogger(__name__)


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


def _uses_redis() -> bool:
    return cache.__class__.__module__.startswith("django.core.cache.backends.redis")


def _count_in_cache(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


def _count_in_database(key: str, window: int) -> int:
    now = timezone.now()
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=now + datetime.timedelta(seconds=window))
                    count = 1
            except IntegrityError:  # another process made it first
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
                count = None
        else:
            count = None
        if count is None:
            count = RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 1
    if random.random() < 0.01:  # noqa: S311 — housekeeping, not security
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return count


def _limit_of(scope: str) -> tuple[int, int]:
    """(attempts, window in seconds) for a scope of settings.RATE_LIMITS; an unknown scope is a bug."""
    try:
        limit, window = settings.RATE_LIMITS[scope]
    except KeyError:
        raise ValueError(f"No rate limit is set for {scope!r}: add it to settings.RATE_LIMITS.") from None
    return limit, window


def window_of(scope: str) -> int:
    """The scope's window in seconds, for messages that say how long to wait."""
    return _limit_of(scope)[1]


def allow(scope: str, key: str) -> bool:
    """Count one attempt at `scope` by `key`; False once the scope's limit was reached in its window."""
    limit, window = _limit_of(scope)
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    counter = f"rl:{scope}:{digest}:{bucket}"
    try:
        count = _count_in_cache(counter, window) if _uses_redis() else _count_in_database(counter, window)
    except (DatabaseError, ConnectionError, OSError):
        # A broken counter must not stop people from being heard: let the request through.
        logger.exception("Rate limit unavailable for %s", scope)
        return True
    return count <= limit
