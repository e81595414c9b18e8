"""The feedback rate limit holds across server processes: two real servers share the database cache."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        CACHE_URL="db://portal_cache",
        DEBUG="1",
        ALLOWED_HOSTS="127.0.0.1",
        FEEDBACK_RATE_LIMIT=str(LIMIT),
        FEEDBACK_MIN_SECONDS="0",
        TASKS_BACKEND="immediate",
        EMAIL_URL="dummy://",
    )

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("shell", "-c", "from participation.demo import seed_offices; seed_offices()")
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_feedback(base: str, n: int) -> str:
    """Accepted (the receipt, with its tracking code, is shown), or the status of the refusal."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    html = opener.open(f"{base}/singburi/feedback/new/").read().decode()
    fields = {name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ["token", "started"]}
    fields["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    fields.update(kind="opinion", subject=f"ความเห็นที่ {n}", message=f"ข้อความที่ {n} จากกระบวนการทดสอบ")
    request = urllib.request.Request(
        f"{base}/singburi/feedback/new/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": f"{base}/singburi/feedback/new/"},
    )
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as error:
        return str(error.code)
    return "accepted" if 'id="tracking-code"' in response.read().decode() else str(response.status)


def test_limit_is_shared_by_two_server_processes(two_servers):
    first, second = two_servers
    statuses = [post_feedback(first if n % 2 == 0 else second, n) for n in range(LIMIT + 2)]
    # Accepted up to the limit, whichever process answered; refused after that by both.
    assert statuses[:LIMIT] == ["accepted"] * LIMIT
    assert statuses[LIMIT:] == ["429", "429"]
