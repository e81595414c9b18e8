"""The id of the request being served, carried into the log lines it causes and the tasks it queues.

The proxy gives each request an id (nginx's `$request_id` in `X-Request-ID`, see deploy/nginx/portal.conf);
`portal.observability.RequestIdMiddleware` takes it, or makes one, and sets it here for the time of the request.
A task queued meanwhile keeps it (`portal.observability.DatabaseBackend` stores it with the task's arguments),
and the worker sets it again while it runs the task, so one id finds the request and the e-mail it caused.
"""

import contextvars
import logging
import re
import uuid

current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What is accepted from outside: letters, digits and a few separators, at most 64 (nginx's ids are 32 hex digits).
ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def acceptable(value: str | None) -> str | None:
    """The id a client or proxy sent, when it is one we may write into logs; else None."""
    return value if value and ACCEPTABLE.fullmatch(value) else None


class RequestIdFilter(logging.Filter):
    """Puts `record.request_id` on every log record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
