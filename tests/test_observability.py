"""Observability: request ids (from the proxy or new) in responses, JSON log lines and the tasks a request
queues; /metrics/ only for the monitoring system; /readyz/ with the cache and the task backlog; Sentry by
one variable."""

import json
import logging
import subprocess
import sys

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from participation import requestid
from participation.feedback.tasks import send_feedback_receipt
from portal.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_the_proxy_request_id_is_answered_and_a_bad_one_replaced(client):
    response = client.get("/healthz/", headers={"X-Request-ID": "abc123def"})
    assert response["X-Request-ID"] == "abc123def"
    response = client.get("/healthz/", headers={"X-Request-ID": "bad id\nwith a new line"})
    assert len(response["X-Request-ID"]) == 32 and "\n" not in response["X-Request-ID"]


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, "sent %s", ("ข้อความ",), None)
    record.office = "singburi"
    token = requestid.current.set("req-42")
    try:
        requestid.RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        requestid.current.reset(token)
    assert line["message"] == "sent ข้อความ" and line["level"] == "WARNING"
    assert line["request_id"] == "req-42" and line["office"] == "singburi"


def test_a_task_keeps_the_id_of_the_request_that_queued_it(settings):
    settings.TASKS = {"default": {"BACKEND": "portal.observability.DatabaseBackend"}}
    token = requestid.current.set("req-7")
    try:
        result = send_feedback_receipt.enqueue(feedback_id=1)
    finally:
        requestid.current.reset(token)
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.args_kwargs["request_id"] == "req-7"
    assert stored.task_result.kwargs == {"feedback_id": 1}  # the task itself gets only its arguments


def test_metrics_are_not_for_the_public(client, settings):
    assert client.get("/metrics/").status_code == 200  # internal address, no proxy in between
    assert b"django_http_requests" in client.get("/metrics/").content
    assert client.get("/metrics/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics/", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/metrics/").status_code == 404
    assert client.get("/metrics/", headers={"Authorization": "Bearer wrong"}).status_code == 404
    answer = client.get("/metrics/", headers={"Authorization": "Bearer s3cret", "X-Forwarded-For": "203.0.113.9"})
    assert answer.status_code == 200 and b"portal_tasks_waiting 0" in answer.content


def test_readiness_with_the_cache_and_the_backlog(client, settings, monkeypatch):
    answer = client.get("/readyz/")
    assert answer.status_code == 200
    assert answer.json()["cache"] == "ok" and answer.json()["tasks"]["waiting"] == 0
    monkeypatch.setattr("portal.observability.queue_health", lambda: {"waiting": 12, "failed_last_day": 0})
    settings.READY_TASK_BACKLOG_MAX = 10
    answer = client.get("/readyz/")
    assert answer.status_code == 503 and answer.json()["tasks"]["backlog"] == "too long"
    settings.READY_TASK_BACKLOG_MAX = 0
    assert client.get("/readyz/").status_code == 200

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is gone")

    monkeypatch.setattr(cache, "set", broken)
    answer = client.get("/readyz/")
    assert answer.status_code == 503 and answer.json()["cache"] == "down"
    assert client.get("/healthz/").status_code == 200  # liveness does not depend on the cache


def test_sentry_by_one_variable():
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    for dsn, expected in [("", "False"), ("https://key@sentry.invalid/1", "True")]:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={"DJANGO_SETTINGS_MODULE": "portal.settings", "SENTRY_DSN": dsn, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.stdout.strip() == expected, done.stderr[-2000:]
