"""Rate limits shared by every server process.

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


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made in the current `window` seconds."""
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
