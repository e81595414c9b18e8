"""The task worker stays up (issue #11, finding 2): it survives database errors, runs again the tasks of
workers that died, retries passing failures with backoff and leaves the rest FAILED where staff look.

The unit tests drive participation.worker.SupervisedWorker in this process; the fault tests run
`manage.py run_worker` against a PostgreSQL cluster of their own (tests/pgcluster.py), stop the cluster
under it and kill a worker in the middle of a task.
"""

import json
import logging
import os
import signal
import smtplib
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from participation import worker as worker_module
from participation.models import AuditEvent
from participation.worker import SupervisedWorker, is_transient, requeue_stale_tasks, retry_delay
from tests import worker_tasks
from tests.pgcluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def worker_settings(settings):
    settings.TASK_STALE_AFTER = 600
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY = 10
    settings.TASK_RETRY_DELAY_MAX = 3600
    worker_tasks.CALLS.clear()
    return settings


@pytest.fixture
def waits(monkeypatch):
    """The worker's waits, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(SupervisedWorker, "sleep", lambda self, seconds: recorded.append(seconds))
    return recorded


def run_worker(**options) -> SupervisedWorker:
    worker = SupervisedWorker(batch=True, **options)
    worker.run()
    return worker


def result(task_result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=task_result.id)


def make_due(task_result) -> None:
    """Let the retry's time come now."""
    DBTaskResult.objects.filter(pk=task_result.id).update(run_after=timezone.now())


# --- the loop survives the database ------------------------------------------


def test_the_loop_survives_a_database_error_in_the_claim_and_runs_the_next_task(monkeypatch, waits, caplog):
    first, second = worker_tasks.send_note.enqueue(key="a"), worker_tasks.send_note.enqueue(key="b")
    real_get_locked = DBTaskResultQuerySet.get_locked
    failures = iter([OperationalError("server closed the connection unexpectedly")] * 3)

    def flaky_get_locked(queryset):
        if error := next(failures, None):
            raise error
        return real_get_locked(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky_get_locked)
    with caplog.at_level(logging.INFO, logger="participation.worker"):
        run_worker()

    assert worker_tasks.CALLS == ["a", "b"]
    assert {result(first).status, result(second).status} == {TaskResultStatus.SUCCESSFUL}
    assert sorted(m.subject for m in mail.outbox) == ["note a", "note b"]
    # Three waits that grow, then work; the outage is logged once when it starts and once when it ends.
    assert len(waits) == 3 and waits[0] < waits[2] <= worker_module.OUTAGE_MAX_WAIT
    messages = [record.getMessage() for record in caplog.records]
    assert sum("database is unavailable" in message for message in messages) == 1
    assert sum("database is back" in message for message in messages) == 1


def test_an_outcome_the_database_could_not_take_is_written_when_it_is_back(monkeypatch, waits):
    """The task ran while the database was away: its outcome is kept, not lost, and the task not run again."""
    note = worker_tasks.send_note.enqueue(key="a")
    real_write = SupervisedWorker.write_pending
    failures = iter([OperationalError("terminating connection due to administrator command")])

    def flaky_write(self):
        if self.pending is not None and (error := next(failures, None)):
            raise error
        return real_write(self)

    monkeypatch.setattr(SupervisedWorker, "write_pending", flaky_write)
    run_worker()

    assert worker_tasks.CALLS == ["a"]
    assert result(note).status == TaskResultStatus.SUCCESSFUL
    assert len(waits) == 1


# --- tasks of dead workers -----------------------------------------------------


def test_a_task_left_running_by_a_dead_worker_runs_again_after_the_timeout(settings, waits):
    settings.TASK_STALE_AFTER = 60
    stale = worker_tasks.send_note.enqueue(key="stale")
    fresh = worker_tasks.send_note.enqueue(key="fresh")
    for task_result, age in [(stale, 61), (fresh, 30)]:
        row = result(task_result)
        row.claim("dead-or-busy-worker")
        DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(seconds=age))

    worker = run_worker()

    stale_row, fresh_row = result(stale), result(fresh)
    assert worker_tasks.CALLS == ["stale"]
    assert stale_row.status == TaskResultStatus.SUCCESSFUL
    assert stale_row.worker_ids == ["dead-or-busy-worker", worker.worker_id]
    # A task claimed more recently may still be running on a live worker: it is left alone.
    assert fresh_row.status == TaskResultStatus.RUNNING
    assert fresh_row.worker_ids == ["dead-or-busy-worker"]


def test_a_task_whose_workers_keep_dying_ends_failed(settings):
    settings.TASK_STALE_AFTER = 60
    task_result = worker_tasks.send_note.enqueue(key="deadly")
    row = result(task_result)
    for number in range(settings.TASK_MAX_ATTEMPTS):
        row.claim(f"worker-{number}")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(minutes=5))

    assert requeue_stale_tasks() == (0, 1)
    row = result(task_result)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "participation.worker.WorkerLost"


def test_a_late_outcome_does_not_overwrite_the_attempt_of_the_worker_that_took_over(waits):
    """A worker that was thought dead finishes after the task was handed on: it writes nothing."""
    task_result = worker_tasks.send_note.enqueue(key="late")
    slow = SupervisedWorker(worker_id="slow")
    row = slow.claim()
    slow.run_task(row)
    # Meanwhile the task was found stale and claimed by another worker.
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.READY)
    result(task_result).claim("other")
    slow.write_pending()

    row = result(task_result)
    assert row.status == TaskResultStatus.RUNNING
    assert row.worker_ids == ["slow", "other"]


# --- retries ---------------------------------------------------------------------


def test_a_passing_failure_is_retried_with_backoff_then_ends_failed_where_staff_look(
    settings, waits, client, site_admin, staff_singburi
):
    task_result = worker_tasks.fail.enqueue(key="smtp", error="disconnected")
    delays = []
    for _attempt in range(settings.TASK_MAX_ATTEMPTS - 1):
        before = timezone.now()
        run_worker()
        row = result(task_result)
        assert row.status == TaskResultStatus.READY
        assert row.exception_class_path == "smtplib.SMTPServerDisconnected"
        delays.append((row.run_after - before).total_seconds())
        run_worker()  # not due yet: nothing runs
        make_due(task_result)
    run_worker()

    row = result(task_result)
    assert worker_tasks.CALLS == ["smtp"] * settings.TASK_MAX_ATTEMPTS
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == settings.TASK_MAX_ATTEMPTS
    assert 8 <= delays[0] <= 10.5 and 16 <= delays[1] <= 20.5  # 10 s, then 20 s, less a little jitter

    # Site administrators see it in the admin, with its last error; /healthz/ counts it.
    client.force_login(site_admin)
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = client.get(changelist, {"status__exact": "FAILED"}).content.decode()
    assert "Connection unexpectedly closed" in page
    assert client.get("/healthz/").json()["tasks"] == {"waiting": 0, "failed_last_day": 1}
    # Office staff with admin access do not.
    client.force_login(staff_singburi)
    assert client.get(changelist).status_code in {302, 403}


def test_a_lasting_failure_fails_at_once():
    refused = worker_tasks.fail.enqueue(key="refused", error="refused")
    bug = worker_tasks.fail.enqueue(key="bug", error="bug")
    run_worker()
    assert result(refused).status == result(bug).status == TaskResultStatus.FAILED
    assert worker_tasks.CALLS == ["refused", "bug"]


def test_what_counts_as_passing():
    assert is_transient(OperationalError("connection refused"))
    assert is_transient(ConnectionResetError())
    assert is_transient(smtplib.SMTPDataError(451, b"Try again later"))
    assert not is_transient(smtplib.SMTPDataError(554, b"Rejected"))
    assert not is_transient(ValueError())


def test_retry_delays_double_up_to_the_cap(settings):
    settings.TASK_RETRY_DELAY, settings.TASK_RETRY_DELAY_MAX = 30, 100
    assert 24 <= retry_delay(1) <= 30 and 48 <= retry_delay(2) <= 60 and 80 <= retry_delay(5) <= 100


def test_a_site_administrator_runs_a_failed_task_again(client, site_admin):
    task_result = worker_tasks.fail.enqueue(key="bug", error="bug")
    run_worker()
    client.force_login(site_admin)
    client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "run_again", "_selected_action": [task_result.id]},
    )
    row = result(task_result)
    assert row.status == TaskResultStatus.READY and row.worker_ids == []
    assert AuditEvent.objects.filter(action="task.requeued", target_id=str(row.pk), actor=site_admin).exists()


# --- stopping ----------------------------------------------------------------------


@pytest.fixture
def signals_restored():
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_sigterm_lets_the_current_task_finish_then_stops(signals_restored, waits):
    stopping = worker_tasks.stop_worker.enqueue(key="stopping")
    waiting = worker_tasks.send_note.enqueue(key="waiting")
    worker = SupervisedWorker()  # not in batch mode: only the signal ends run()
    worker.configure_signals()
    worker.run()
    assert worker_tasks.CALLS == ["stopping"]
    assert result(stopping).status == TaskResultStatus.SUCCESSFUL
    assert result(waiting).status == TaskResultStatus.READY


def test_a_second_signal_puts_the_current_task_back_in_the_queue(signals_restored, waits):
    stopping = worker_tasks.stop_worker.enqueue(key="stopping", signals=2)
    worker = SupervisedWorker()
    worker.configure_signals()
    worker.run()
    row = result(stopping)
    assert worker_tasks.CALLS == []
    assert row.status == TaskResultStatus.READY and row.worker_ids == []


# --- fault tests on a PostgreSQL cluster of their own ---------------------------------

STALE_AFTER = 4


def manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def portal_env(**variables):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(TASKS_BACKEND="database", DEBUG="1", PYTHONUNBUFFERED="1", **variables)
    return env


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A cluster of the module's own, holding a migrated database to copy for each test."""
    if not PgCluster.available():
        pytest.skip("PostgreSQL's initdb is not installed")
    with PgCluster(tmp_path_factory.mktemp("pg")) as cluster:
        migrated = manage(portal_env(DATABASE_URL=cluster.url("migrated")), "migrate", "--noinput", timeout=300)
        assert migrated.returncode == 0, migrated.stderr
        yield cluster


@pytest.fixture
def portal(cluster, tmp_path):
    """`manage.py` on a fresh database of the cluster, sending e-mail to files, with a short stale timeout."""
    dbname = f"worker_{os.getpid()}_{int(time.monotonic() * 1000)}"
    outbox, markers = tmp_path / "outbox", tmp_path / "markers"
    outbox.mkdir()
    markers.mkdir()
    env = portal_env(
        DATABASE_URL=cluster.url(dbname, template="migrated"),
        EMAIL_URL=f"file://{outbox}",
        TASK_STALE_AFTER=str(STALE_AFTER),
        WORKER_TEST_MARKERS=str(markers),
    )

    class Portal:
        def manage(self, *args):
            return manage(env, *args)

        def enqueue(self, *keys, seconds=0.0):
            code = (
                "from tests.worker_tasks import send_note\n"
                f"for key in {list(keys)!r}: send_note.enqueue(key=key, seconds={seconds})"
            )
            done = self.manage("shell", "-c", code)
            assert done.returncode == 0, done.stderr

        def worker(self, name):
            log = (tmp_path / f"{name}.log").open("w")
            return subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def log(self, name):
            return (tmp_path / f"{name}.log").read_text()

        def sent(self):
            """How many times each note was e-mailed."""
            counts = {}
            for path in outbox.iterdir():
                for line in path.read_text().splitlines():
                    if line.startswith("Subject: note "):
                        key = line.removeprefix("Subject: note ")
                        counts[key] = counts.get(key, 0) + 1
            return counts

        def started(self, key):
            path = markers / f"{key}.started"
            return path.read_text().split() if path.exists() else []

        def rows(self):
            code = (
                "import json; from django_tasks_db.models import DBTaskResult\n"
                "print(json.dumps([[r.args_kwargs['kwargs'].get('key'), r.status, r.worker_ids]"
                " for r in DBTaskResult.objects.all()]))"
            )
            done = self.manage("shell", "-c", code)
            assert done.returncode == 0, done.stderr
            return {key: (status, workers) for key, status, workers in json.loads(done.stdout.splitlines()[-1])}

    return Portal()


def wait_for(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.fault
def test_the_worker_outlives_a_database_restart_and_sends_every_mail_once(portal, cluster):
    keys = [f"outage-{number}" for number in range(8)]
    portal.enqueue(*keys, seconds=0.4)
    worker = portal.worker("worker")
    try:
        wait_for(lambda: len(portal.sent()) >= 2, timeout=30, what="the first mails")
        cluster.stop()  # in the middle of the queue: connections are cut, new ones refused
        time.sleep(3)
        assert worker.poll() is None, portal.log("worker")
        cluster.start()
        portal.enqueue("after-1", "after-2")
        wait_for(lambda: len(portal.sent()) == len(keys) + 2, timeout=45, what="every mail")
        time.sleep(STALE_AFTER + 1)  # long enough for a wrongly requeued task to run twice
        assert worker.poll() is None, portal.log("worker")
    finally:
        stop(worker)
        if not cluster.is_running():
            cluster.start()
    assert portal.sent() == dict.fromkeys([*keys, "after-1", "after-2"], 1)
    assert {status for status, _workers in portal.rows().values()} == {TaskResultStatus.SUCCESSFUL}
    log = portal.log("worker")
    assert log.count("The database is unavailable") == 1, log
    assert log.count("The database is back") == 1, log


@pytest.mark.fault
def test_a_task_of_a_killed_worker_is_run_by_another_after_the_timeout(portal):
    portal.enqueue("killed", seconds=2)
    first = portal.worker("first")
    try:
        wait_for(lambda: portal.started("killed"), timeout=30, what="the task to start")
        first.kill()  # kill -9 in the middle of the task
        first.wait()
        killed_at = time.monotonic()
        assert portal.sent() == {}
        second = portal.worker("second")
        try:
            wait_for(lambda: portal.sent().get("killed"), timeout=STALE_AFTER + 30, what="the second worker")
            assert time.monotonic() - killed_at >= STALE_AFTER - 1  # not before the timeout
        finally:
            stop(second)
    finally:
        stop(first)
    status, workers = portal.rows()["killed"]
    assert portal.sent() == {"killed": 1}
    assert status == TaskResultStatus.SUCCESSFUL
    assert len(workers) == 2 and workers[0] != workers[1]
    assert len(portal.started("killed")) == 2
