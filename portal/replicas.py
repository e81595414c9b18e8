"""Read replicas, when DATABASE_REPLICA_URL is set: the pages people only read are read from the replica.

- `ReplicaMiddleware` marks a request as one that may read the replica: GET or HEAD, from someone who has not
  just written. After any other request (a form sent, a sign-in) it sets a short-lived cookie, so that for
  REPLICA_PIN_SECONDS that browser reads the primary: the page after a write shows the write, however far
  the replica lags behind.
- `ReplicaRouter` sends reads of such requests to the replica; every write, every read inside a transaction
  and everything outside a request (the worker, commands) goes to the primary. Migrations run on the primary
  only: the replica gets them by replication.
"""

import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "portal_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})

may_read_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("may_read_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        reads_only = request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        token = may_read_replica.set(reads_only)
        try:
            response = self.get_response(request)
        finally:
            may_read_replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if may_read_replica.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, replicated

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
