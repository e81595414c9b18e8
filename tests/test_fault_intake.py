"""Fault test: people keep sending feedback while the database stops and starts again and a task worker
is killed, against the portal served as in production (gunicorn, Redis, the supervised worker) on a
PostgreSQL cluster of the test's own (tests/pgcluster.py; the shared server is never touched).

What must hold: no response is a 500; every refusal is a 503 page holding the sender's own text; every
tracking code a sender was shown is stored exactly once; every message is stored once in the end (the
sender sends the refused form again, as the page asks); every e-mail receipt queued with a stored
message is sent, although the worker that held it was killed."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import pytest
import redis

from bench.client import Browser, forms_of
from tests.pgcluster import PgCluster, free_port

pytestmark = pytest.mark.fault

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r'id="tracking-code"><strong>([2-9A-HJ-NP-Z-]{19})</strong>')
MAILED_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
REDIS_URL = "redis://127.0.0.1:6379/14"
SENDERS = 8


def redis_or_skip():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip("Redis does not answer on 127.0.0.1:6379")


def portal_env(database_url: str, mail_dir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # kept connections: the outage cuts them, as in production
        "CACHE_URL": REDIS_URL,
        "DEBUG": "0",
        "STATIC_MANIFEST": "0",
        "SECRET_KEY": "fault-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_URL": f"file://{mail_dir}",
        "TASKS_BACKEND": "database",
        "FEEDBACK_MIN_SECONDS": "0",
        "FEEDBACK_RATE_LIMIT": "100000",
        "RECEIPT_RATE_LIMIT": "100000",
        "TASK_STALE_AFTER": "5",
        "TASK_RETRY_DELAY": "1",
        "LOG_LEVEL": "CRITICAL",
    }


def manage(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Sender(threading.Thread):
    """One person after another: open the form, send it; when refused, send the same form again later."""

    def __init__(self, number: int, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.number, self.port, self.stop = number, port, stop
        self.shown: list[tuple[str, str]] = []  # (code, message)
        self.refused: list[dict] = []  # forms to send again
        self.statuses = Counter()
        self.problems: list[str] = []
        self.sent = 0

    def message(self) -> str:
        self.sent += 1
        return f"ไฟถนนดับหน้าโรงเรียน ผู้ส่ง {self.number} ฉบับที่ {self.sent}"

    def send(self, browser: Browser, fields: dict) -> None:
        status, _headers, body, _seconds = browser.post("/singburi/feedback/new/", fields)
        self.statuses[status] += 1
        html = body.decode("utf-8", "replace")
        found = CODE.search(html)
        if status == 200 and found:
            self.shown.append((found.group(1).replace("-", ""), fields["message"]))
        elif status == 503:
            if fields["message"] not in html:
                self.problems.append(f"a 503 without the sender's text: {html[:300]}")
            self.refused.append((browser, fields))
        else:
            self.problems.append(f"sending answered {status}: {html[:300]}")

    def run(self):
        while not self.stop.is_set():
            browser = Browser("127.0.0.1", self.port, timeout=20)
            try:
                status, _headers, body, _seconds = browser.get("/singburi/feedback/new/")
            except OSError as error:
                self.problems.append(f"form: {error!r}")
                continue
            self.statuses[status] += 1
            if status != 200:
                if status != 503:
                    self.problems.append(f"the form answered {status}")
                time.sleep(0.2)
                continue
            form = next(form for form in forms_of(body) if "token" in form["fields"])
            fields = {**form["fields"], "kind": "complaint", "subject": "ไฟถนนดับ", "message": self.message()}
            fields.update(website="", name=f"ผู้ส่ง {self.number}", email=f"sender{self.number}@example.org")
            try:
                self.send(browser, fields)
            except OSError as error:
                self.problems.append(f"sending: {error!r}")

    def send_refused_again(self) -> None:
        waiting, self.refused = self.refused, []
        for browser, fields in waiting:
            self.send(browser, fields)


def test_intake_survives_a_database_outage_and_a_killed_worker(tmp_path):
    redis_or_skip()
    if not PgCluster.available():
        pytest.skip("PostgreSQL's initdb is not installed")
    redis.Redis.from_url(REDIS_URL).flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    port = free_port()
    with PgCluster(tmp_path / "pg") as cluster:
        env = portal_env(cluster.url("portal"), mail_dir)
        manage(env, "migrate", "--noinput", "-v0")
        code = "from tests.conftest import make_singburi; make_singburi()"
        manage(env, "shell", "-c", code)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "-t", "30"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        worker = start_worker(env)
        senders = []
        try:
            wait_until_up(port)
            stop = threading.Event()
            senders = [Sender(number, port, stop) for number in range(SENDERS)]
            for sender in senders:
                sender.start()
            time.sleep(3)
            cluster.stop()  # the database goes away under load, cutting every connection
            time.sleep(5)
            cluster.start()
            time.sleep(2)
            worker.send_signal(signal.SIGKILL)  # a worker dies, perhaps in the middle of a task
            worker.wait()
            worker = start_worker(env)
            time.sleep(3)
            stop.set()
            for sender in senders:
                sender.join(timeout=60)
            for sender in senders:
                sender.send_refused_again()  # the database is back: the same forms, sent again
            database = psycopg2.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"))
            with database, database.cursor() as cursor:
                cursor.execute("SELECT tracking_code, message FROM feedback_feedback")
                stored = cursor.fetchall()
            wait_for_receipts(database, len(stored))
            # The codes of the receipts mailed (the file back-end may put several messages in one file).
            mailed = Counter(
                match.replace("-", "")
                for path in mail_dir.iterdir()
                for match in MAILED_CODE.findall(path.read_text(errors="replace"))
            )
            database.close()
        finally:
            worker.kill()
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

    problems = [problem for sender in senders for problem in sender.problems]
    assert problems == []
    statuses = sum((sender.statuses for sender in senders), Counter())
    assert 500 not in statuses and statuses[503] > 0, statuses  # the outage was felt, and said so
    shown = [item for sender in senders for item in sender.shown]
    assert all(not sender.refused for sender in senders)
    codes = Counter(code for code, _message in stored)
    messages = Counter(message for _code, message in stored)
    # Every code shown is stored exactly once, with the message it was shown for.
    assert all(codes[code] == 1 for code, _message in shown)
    assert all(dict(stored)[code] == message for code, message in shown)
    # Every message sent was stored once, and shown to its sender.
    assert all(count == 1 for count in messages.values())
    assert {message for _code, message in shown} == set(messages)
    # Every receipt e-mail queued with a stored message went out, the killed worker's included: at least
    # once (a worker killed in the middle of sending may leave one to be sent again), never for nothing.
    assert set(mailed) == set(codes) and len(codes) > 0


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Browser("127.0.0.1", port, timeout=2).get("/healthz/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("the portal did not start")


def wait_for_receipts(database, expected: int) -> None:
    """Until the worker has run every queued task (the killed worker's one included), or a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with database, database.cursor() as cursor:
            cursor.execute("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status")
            counts = dict(cursor.fetchall())
        if counts.get("SUCCESSFUL", 0) >= expected and set(counts) <= {"SUCCESSFUL"}:
            return
        time.sleep(0.5)
    raise AssertionError(f"tasks not done: {counts}")
