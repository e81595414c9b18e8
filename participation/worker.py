"""The task worker that stays up: django-tasks-db's queue, run by `manage.py run_worker`.

django-tasks-db's own worker dies on the first database error and leaves the task it was running
RUNNING for ever. This one builds on it and adds:

- **Outages.** When the database goes away the worker closes its connections, waits (doubling, capped,
  jittered) and tries again. An outage is logged when it starts and when it ends, not at every try. What
  became of a task that ran while the database was away is kept in memory and written once it is back,
  so the task is not run twice.
- **Stale tasks.** Nothing in django-tasks-db tells a live worker from a dead one, so a task counts as
  abandoned when it is still RUNNING `TASK_STALE_AFTER` seconds after it was claimed (`started_at`); the
  worker makes such tasks READY again when it starts and every little while after. The setting must
  therefore be well above the longest task (ours send one or two e-mails). A worker that finishes a task
  after it was handed to another worker writes nothing: each outcome is written only if the task is still
  RUNNING under the same claim (`started_at`).
- **Retries.** A task that fails for a passing reason (the database, the network, a mail server's 4xx) is
  queued again after `TASK_RETRY_DELAY` seconds, doubled at each attempt up to `TASK_RETRY_DELAY_MAX`,
  until `TASK_MAX_ATTEMPTS` attempts; then it stays FAILED with its last error, which site administrators
  see in the admin ("Task results") and /healthz/ counts. Every claim is an attempt (django-tasks-db
  appends the worker's id to `worker_ids`), so a task that kills its worker each time also ends FAILED.
- **Stopping.** SIGTERM or SIGINT lets the current task finish and then stops; a second signal stops the
  task and puts it back in the queue.

E-mail is therefore sent *at least once*: a message the mail server accepted just before the connection
or the database failed is sent again by the retry. For our mail (receipts, notices, digests) a rare
duplicate is better than a lost message, and the tasks read the current state of the record when they
run, so a late retry never sends outdated content.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import smtplib
import socket
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from traceback import format_exception
from types import FrameType

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskContext
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from participation import requestid

logger = logging.getLogger("participation.worker")

# Waiting for the database after an error: 0.5 s, doubling, at most this long.
OUTAGE_FIRST_WAIT = 0.5
OUTAGE_MAX_WAIT = 30.0
# How often an idle worker looks for stale tasks, at most (and at least twice per TASK_STALE_AFTER).
STALE_CHECK_EVERY = 60.0


class WorkerStopped(BaseException):
    """Raised inside a running task when the worker is told twice to stop."""


class WorkerLost(Exception):
    """The error recorded for a task whose workers died on every attempt."""


def new_worker_id() -> str:
    """A worker id that says where the worker runs: host, process and a random part."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]


def is_transient(exc: BaseException) -> bool:
    """Could the same task succeed later? Database and network trouble, and a mail server's 4xx, pass."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _message in exc.recipients.values())
    return isinstance(exc, OperationalError | InterfaceError | OSError)


def retry_delay(attempt: int) -> float:
    """Seconds before the next attempt, after `attempt` attempts failed: doubling, capped, jittered."""
    delay = min(settings.TASK_RETRY_DELAY_MAX, settings.TASK_RETRY_DELAY * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.0)  # noqa: S311 - spreading retries, not a secret


def outage_wait(failures: int) -> float:
    """Seconds to wait after `failures` database errors in a row: doubling, capped, jittered."""
    return min(OUTAGE_MAX_WAIT, OUTAGE_FIRST_WAIT * 2 ** (failures - 1)) * random.uniform(0.5, 1.0)  # noqa: S311


def error_fields(exc: BaseException) -> dict:
    return {
        "exception_class_path": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "traceback": "".join(format_exception(exc)),
    }


def requeue_stale_tasks(*, backend_name: str = "default", now: datetime | None = None) -> tuple[int, int]:
    """Put tasks left RUNNING by dead workers back in the queue, or fail those out of attempts: (requeued, failed)."""
    now = now or timezone.now()
    stale = DBTaskResult.objects.running().filter(
        backend_name=backend_name, started_at__lt=now - timedelta(seconds=settings.TASK_STALE_AFTER)
    )
    requeued = failed = 0
    with exclusive_transaction(stale.db):
        for task in stale.select_for_update(skip_locked=True):
            attempts = len(task.worker_ids)
            if attempts >= settings.TASK_MAX_ATTEMPTS:
                lost = WorkerLost(
                    f"The worker stopped during each of the {attempts} attempts (last: {task.worker_ids[-1]})."
                )
                DBTaskResult.objects.filter(pk=task.pk).update(
                    status=TaskResultStatus.FAILED, finished_at=now, return_value=None, **error_fields(lost)
                )
                failed += 1
                logger.error("Task id=%s path=%s failed: its worker died %d times.", task.pk, task.task_path, attempts)
            else:
                DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.READY)
                requeued += 1
                logger.warning(
                    "Task id=%s path=%s was left running by worker %s since %s; queued again.",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                    task.started_at.isoformat(),
                )
    return requeued, failed


def requeue_task(*, task: DBTaskResult) -> bool:
    """Queue a failed task again, with a fresh count of attempts (the admin's "run again")."""
    return bool(
        DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, worker_ids=[], started_at=None, finished_at=None, run_after=timezone.now()
        )
    )


QUEUE_HEALTH_KEY = "worker:queue-health"
QUEUE_HEALTH_SECONDS = 30


def queue_health(*, now: datetime | None = None) -> dict:
    """For /healthz/: tasks ready to run now (the backlog) and tasks that failed for good in the last day.

    Counted at most every QUEUE_HEALTH_SECONDS (kept in the shared cache): load balancers ask every few
    seconds, and the failed tasks have no index of their own in a table that grows with every message."""
    try:
        kept = cache.get(QUEUE_HEALTH_KEY)
    except Exception:  # noqa: BLE001 — a cache out of reach only means counting again
        kept = None
    if kept is not None:
        return kept
    now = now or timezone.now()
    counted = {
        "waiting": DBTaskResult.objects.ready().count(),
        "failed_last_day": DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(days=1)).count(),
    }
    with suppress(Exception):
        cache.set(QUEUE_HEALTH_KEY, counted, QUEUE_HEALTH_SECONDS)
    return counted


@dataclass
class Outcome:
    """What became of one attempt, kept until the database has it."""

    task: DBTaskResult
    fields: dict = field(default_factory=dict)
    log: tuple = ()

    @property
    def status(self) -> str:
        return self.fields["status"]


class SupervisedWorker(Worker):
    """django-tasks-db's worker, made to survive database outages, dead workers and failing tasks."""

    def __init__(self, *, stale_check_every: float | None = None, **options):
        options.setdefault("worker_id", new_worker_id())
        options.setdefault("queue_names", ["default"])
        options.setdefault("interval", 1.0)
        options.setdefault("batch", False)
        options.setdefault("backend_name", "default")
        options.setdefault("startup_delay", False)
        options.setdefault("max_tasks", None)
        options.setdefault("excluded_queue_names", [])
        super().__init__(**options)
        self.stale_check_every = stale_check_every or min(STALE_CHECK_EVERY, settings.TASK_STALE_AFTER / 2)
        self.next_stale_check = 0.0
        self.pending: Outcome | None = None
        self.outage_since: float | None = None
        self.outage_failures = 0

    # --- signals ------------------------------------------------------------

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.running:
            logger.warning("Received %s: stopping after the current task.", signal.strsignal(signum))
            self.running = False
        elif self.running_task:
            logger.warning(
                "Received %s again: stopping the current task and queueing it again.", signal.strsignal(signum)
            )
            raise WorkerStopped
        else:
            sys.exit(1)

    def sleep(self, seconds: float) -> None:
        """Wait, but stop waiting as soon as the worker is told to stop."""
        deadline = time.monotonic() + seconds
        while self.running and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    # --- the loop -----------------------------------------------------------

    def run(self) -> None:
        logger.info("Starting worker %s, queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            self.sleep(random.random())  # noqa: S311 - no thundering herd of workers
        while self.running:
            try:
                close_old_connections()
                self.write_pending()
                self.requeue_stale_when_due()
                task = self.claim()
                self.database_is_back()
            except (DatabaseError, InterfaceError) as exc:
                self.database_failed(exc)
                continue
            if task is not None:
                self.run_task(task)
                try:
                    self.write_pending()
                except (DatabaseError, InterfaceError) as exc:
                    self.database_failed(exc)
            elif self.batch:
                logger.info("No more tasks for worker %s: stopping.", self.worker_id)
                break
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks on worker %s: stopping.", self._run_tasks, self.worker_id)
                break
            if task is None:
                self.sleep(self.interval)
        self.stop_cleanly()

    def stop_cleanly(self) -> None:
        """Before leaving: write what is still held, if the database lets us."""
        if self.pending is not None:
            try:
                self.write_pending()
            except (DatabaseError, InterfaceError):
                logger.error(
                    "Stopping with the outcome of task id=%s unwritten: it will run again after %s s.",
                    self.pending.task.pk,
                    settings.TASK_STALE_AFTER,
                )
        close_old_connections()

    def claim(self) -> DBTaskResult | None:
        """Take the next ready task of our queues and mark it RUNNING under this worker."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task = tasks.get_locked()
                if task is not None:
                    task.claim(self.worker_id)
                return task
        except OperationalError as exc:
            if is_locked_database_exception(exc):  # SQLite: another worker holds the lock
                return None
            raise

    def requeue_stale_when_due(self) -> None:
        if time.monotonic() >= self.next_stale_check:
            requeue_stale_tasks(backend_name=self.backend_name)
            self.next_stale_check = time.monotonic() + self.stale_check_every

    # --- outages ------------------------------------------------------------

    def database_failed(self, exc: BaseException) -> None:
        if self.outage_since is None:
            self.outage_since = time.monotonic()
            logger.error("The database is unavailable (%s); the worker waits and tries again.", str(exc).strip())
        self.outage_failures += 1
        # Connections broken by the outage are useless: drop them all, the next query opens a new one.
        for connection in connections.all(initialized_only=True):
            with suppress(DatabaseError, InterfaceError):
                connection.close()
        self.sleep(outage_wait(self.outage_failures))

    def database_is_back(self) -> None:
        if self.outage_since is not None:
            logger.warning(
                "The database is back after %.0f s; the worker goes on.", time.monotonic() - self.outage_since
            )
            self.outage_since = None
            self.outage_failures = 0

    # --- one task -----------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run a claimed task and keep what became of it in `pending`, for write_pending()."""
        attempt = len(db_task_result.worker_ids)
        self.running_task = True
        # The queuing request's id (portal.observability.DatabaseBackend), on every log line of the task.
        request_token = requestid.current.set(str(db_task_result.args_kwargs.get("request_id") or ""))
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            json.dumps(value)  # a value the database cannot store fails the task here, not later
        except WorkerStopped:
            self.running_task = False
            self.pending = Outcome(
                db_task_result,
                {"status": TaskResultStatus.READY, "worker_ids": db_task_result.worker_ids[:-1], "started_at": None},
                ("Task id=%s put back in the queue.", db_task_result.pk),
            )
            self.running = False
        except Exception as exc:
            self.pending = self.failure(db_task_result, exc, attempt)
        else:
            self.pending = Outcome(
                db_task_result,
                {
                    "status": TaskResultStatus.SUCCESSFUL,
                    "finished_at": timezone.now(),
                    "return_value": value,
                    "exception_class_path": "",
                    "traceback": "",
                },
            )
        finally:
            requestid.current.reset(request_token)
            self.running_task = False
            self._run_tasks += 1

    def failure(self, db_task_result: DBTaskResult, exc: Exception, attempt: int) -> Outcome:
        if is_transient(exc) and attempt < settings.TASK_MAX_ATTEMPTS:
            delay = retry_delay(attempt)
            return Outcome(
                db_task_result,
                {
                    "status": TaskResultStatus.READY,
                    "run_after": timezone.now() + timedelta(seconds=delay),
                    **error_fields(exc),
                },
                (
                    "Task id=%s path=%s failed on attempt %d of %d (%s); trying again in %.0f s.",
                    db_task_result.pk,
                    db_task_result.task_path,
                    attempt,
                    settings.TASK_MAX_ATTEMPTS,
                    exc,
                    delay,
                ),
            )
        return Outcome(
            db_task_result,
            {
                "status": TaskResultStatus.FAILED,
                "finished_at": timezone.now(),
                "return_value": None,
                **error_fields(exc),
            },
        )

    def write_pending(self) -> None:
        """Write the held outcome, unless the task was meanwhile handed to another worker."""
        outcome = self.pending
        if outcome is None:
            return
        task = outcome.task
        written = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(**outcome.fields)
        self.pending = None
        if not written:
            logger.warning(
                "Task id=%s was handed to another worker meanwhile; this attempt's outcome is dropped.", task.pk
            )
            return
        if outcome.log:
            logger.warning(*outcome.log)
        if outcome.status == TaskResultStatus.FAILED:
            # Logged here rather than through django-tasks' task_finished, whose handler expects to run in
            # an `except` block: the traceback is the task's own, kept in the row.
            logger.error(
                "Task id=%s path=%s failed for good on attempt %d:\n%s",
                task.pk,
                task.task_path,
                len(task.worker_ids),
                outcome.fields["traceback"],
            )
        elif outcome.status == TaskResultStatus.SUCCESSFUL:
            for name, value in outcome.fields.items():
                setattr(task, name, value)
            try:
                finished = task.task_result
            except (ImportError, SuspiciousOperation) as exc:
                logger.error("Task id=%s (%s) finished; its task cannot be loaded: %s", task.pk, task.task_path, exc)
            else:
                task_finished.send(sender=type(finished.task.get_backend()), task_result=finished)
