"""The shared cache, and a client of its Redis for the few hot paths that need more than Django's API.

`django.core.cache.cache` is a proxy whose own class says nothing about the backend, so the backend
object itself is asked. Django's Redis backend builds a new client object for every call, which costs
more than the round trip on a page served from the cache: one client per backend is kept instead (it
shares the backend's connection pool, and redis-py clients are safe to share between threads).
"""

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

_clients: dict[int, object] = {}


def redis_cache() -> RedisCache | None:
    """The default cache when it is Redis, else None."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def redis_client(backend: RedisCache):
    """A redis-py client on the backend's own connection pool (one server: reads and writes alike)."""
    pool_owner = backend._cache  # Django's RedisCacheClient, which holds the pools
    client = _clients.get(id(pool_owner))
    if client is None:
        client = _clients[id(pool_owner)] = pool_owner.get_client(write=True)
    return client


def set_text(key: str, value: str, timeout: int | None) -> None:
    """Keep a short text for `timeout` seconds (None: until it is replaced)."""
    backend = redis_cache()
    if backend is None:
        cache.set(key, value, timeout)
    else:
        redis_client(backend).set(backend.make_and_validate_key(key), value.encode(), ex=timeout)
