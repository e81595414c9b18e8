"""Tasks for the worker's tests (tests/test_worker.py): e-mail that may be slow, fail or stop the worker."""

import os
import signal
import smtplib
import time
from pathlib import Path

from django.core.mail import send_mail
from django_tasks import task

# What ran in this process, in order (the in-process tests read it).
CALLS: list[str] = []


@task()
def send_note(*, key: str, seconds: float = 0) -> None:
    """An e-mail with `key` in its subject, sent after `seconds`; WORKER_TEST_MARKERS notes each start."""
    if markers := os.environ.get("WORKER_TEST_MARKERS"):
        with (Path(markers) / f"{key}.started").open("a") as marker:
            marker.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    send_mail(f"note {key}", f"The note {key}.", None, ["someone@example.org"])
    CALLS.append(key)


@task()
def fail(*, key: str, error: str) -> None:
    """Fail the way `error` says: a dropped mail connection, a refused recipient, or a bug."""
    CALLS.append(key)
    if error == "disconnected":
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    if error == "refused":
        raise smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"No such user")})
    raise ValueError("A bug in the task")


@task()
def stop_worker(*, key: str, signals: int = 1) -> None:
    """Send SIGTERM to this process (the worker) `signals` times while running, then finish."""
    for _ in range(signals):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
    CALLS.append(key)
