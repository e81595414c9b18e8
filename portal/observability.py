"""Logs, request ids, metrics and readiness: what the people running the portal look at.

- `RequestIdMiddleware` sets the request's id (participation.requestid) and answers it in `X-Request-ID`.
- `DatabaseBackend` is django-tasks-db's backend keeping the request id with each task it queues.
- `metrics` serves Prometheus' text format to the monitoring system only (METRICS_TOKEN or an internal address).
- `readyz` says whether this app server should get traffic: database, shared cache and the task backlog.
"""

import hmac
import logging
import os
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.backend import DatabaseBackend as QueueBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

from participation import requestid
from participation.worker import queue_health

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """The request's id: the proxy's X-Request-ID when it sent a sound one, else a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = requestid.acceptable(request.headers.get("X-Request-ID")) or requestid.new_request_id()
        token = requestid.current.set(value)
        request.request_id = value
        try:
            response = self.get_response(request)
        finally:
            requestid.current.reset(token)
        response["X-Request-ID"] = value
        return response


class DatabaseBackend(QueueBackend):
    """django-tasks-db's backend, keeping the id of the request that queued a task beside its arguments
    (`args_kwargs["request_id"]`, which django-tasks-db does not read); the worker logs under it."""

    def _task_to_db_task(self, task, args, kwargs):
        stored = {"args": args, "kwargs": kwargs}
        if requestid.current.get():
            stored["request_id"] = requestid.current.get()
        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs=normalize_json(stored),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )


def _metrics_allowed(request) -> bool:
    """The monitoring system's token when one is set; otherwise only a direct call from an internal address
    (anything that came through the proxy carries X-Forwarded-For and is refused)."""
    if settings.METRICS_TOKEN:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), settings.METRICS_TOKEN.encode())
    forwarded = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    return not forwarded and request.META.get("REMOTE_ADDR") in settings.METRICS_ADDRESSES


@never_cache
@require_safe
def metrics(request):
    """Prometheus' text format: django-prometheus' request counters and latencies, and the task queue.
    A 404 for everyone else, so that nobody learns it is there."""
    if not _metrics_allowed(request):
        raise Http404
    import prometheus_client
    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every gunicorn worker's counters, added up
    else:
        registry = prometheus_client.REGISTRY
    text = prometheus_client.generate_latest(registry).decode()
    try:
        tasks = queue_health()
    except DatabaseError:
        tasks = None
    if tasks is not None:
        text += (
            "# HELP portal_tasks_waiting Tasks ready to run now (the worker's backlog).\n"
            "# TYPE portal_tasks_waiting gauge\n"
            f"portal_tasks_waiting {tasks['waiting']}\n"
            "# HELP portal_tasks_failed_last_day Tasks that failed for good in the last day.\n"
            "# TYPE portal_tasks_failed_last_day gauge\n"
            f"portal_tasks_failed_last_day {tasks['failed_last_day']}\n"
        )
    return HttpResponse(text, content_type=prometheus_client.CONTENT_TYPE_LATEST)


@never_cache
@require_safe
def readyz(request):
    """For the load balancer's readiness probe: 200 when this app server can serve (the database answers,
    the shared cache takes and gives back a value, the task backlog is under READY_TASK_BACKLOG_MAX);
    503 otherwise, with what failed. /healthz/ stays the liveness probe (the database only)."""
    checks, ready = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        logger.exception("Readiness: the database did not answer")
        checks["database"], ready = "down", False
    probe = uuid.uuid4().hex
    try:
        cache.set("readyz:probe", probe, 10)
        checks["cache"] = "ok" if cache.get("readyz:probe") == probe else "wrong"
    except Exception:  # noqa: BLE001 - any failure of the cache is "not ready", whatever its client raises
        logger.exception("Readiness: the shared cache did not answer")
        checks["cache"] = "down"
    ready = ready and checks["cache"] == "ok"
    if checks["database"] == "ok":
        checks["tasks"] = queue_health()
        limit = settings.READY_TASK_BACKLOG_MAX
        if limit and checks["tasks"]["waiting"] > limit:
            checks["tasks"]["backlog"] = "too long"
            ready = False
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
