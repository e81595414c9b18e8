"""Rate limits kept in the shared cache, so they hold across every server process.

The client's address comes from REMOTE_ADDR, or from the header a trusted proxy
sets (TRUSTED_PROXY_HEADER, e.g. X-Forwarded-For) and only then: a header a
client sent itself must not let it choose its own address.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        # X-Forwarded-For: client, proxy1, proxy2 — the trusted proxies are the last N entries.
        parts = [part.strip() for part in value.split(",") if part.strip()]
        depth = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
        if len(parts) >= depth:
            return parts[-depth]
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` attempts were made in the current `window` seconds."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{bucket}"
    # add() is atomic: only the first process creates the counter; incr() is atomic on every backend we use.
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window + 5)
            count = 1
    return count <= limit
