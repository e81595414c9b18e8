"""Issue #11, finding 3: the portal behind a real nginx (Debian's package), configured by the shipped example
(deploy/nginx/portal.conf), in front of gunicorn with one sync worker.

Checks a page through nginx over TLS, the static files, the redirect to HTTPS, that a body beyond the limit
gets 413 from nginx without reaching the portal, and that a client dribbling a body does not hold the only
worker: nginx reads the body whole before it asks the portal, so another request is answered meanwhile.

Skipped when nginx or openssl is missing, unless REQUIRE_NGINX is set (CI sets it and installs nginx).
"""

import grp
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.nginx

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "deploy" / "nginx" / "portal.conf"
HOST = "portal.example.go.th"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
OPENSSL = shutil.which("openssl")

SCHEMA = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command

class NoMigrations(dict):  # the tables straight from the models, as the test suite makes them
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None

settings.MIGRATION_MODULES = NoMigrations()
call_command("migrate", run_syncdb=True, verbosity=0)
"""


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rendered_site(*, app: int, http: int, https: int, cert: Path, key: Path, static: Path) -> str:
    """The shipped site with this test's ports, certificate and static folder (each replaced exactly once,
    so the test fails rather than quietly testing something else when the file changes shape)."""
    text = SHIPPED.read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app};"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("    listen [::]:80;\n", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("/etc/ssl/certs/portal.example.go.th.pem", str(cert)),
        ("/etc/ssl/private/portal.example.go.th.key", str(key)),
        ("alias /srv/portal/staticfiles/;", f"alias {static}/;"),
    ]:
        assert text.count(old) == 1, f"deploy/nginx/portal.conf no longer has {old!r} once"
        text = text.replace(old, new)
    return text


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for HOST and its key, made with openssl for a day: (cert.pem, key.pem) in `directory`."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def main_config(prefix: Path) -> str:
    user = ""
    if os.geteuid() == 0:  # nginx started by root switches its workers to "nobody" unless told otherwise
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};"
    mime = "include /etc/nginx/mime.types;" if os.path.exists("/etc/nginx/mime.types") else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temp}
    include {prefix}/portal.conf;
}}
"""


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port} within {seconds} s")


class Site:
    def __init__(self, *, http: int, https: int, static: Path, app_log: Path):
        self.http, self.https, self.static, self.app_log = http, https, static, app_log
        self.tls = ssl.create_default_context()
        self.tls.check_hostname = False
        self.tls.verify_mode = ssl.CERT_NONE

    def connect(self, *, tls: bool = True, timeout: float = 10) -> socket.socket:
        raw = socket.create_connection(("127.0.0.1", self.https if tls else self.http), timeout=timeout)
        return self.tls.wrap_socket(raw, server_hostname=HOST) if tls else raw

    def request(
        self, method: str, path: str, *, tls: bool = True, headers: str = "", body: bytes = b"", timeout: float = 10
    ) -> tuple:
        """(status, headers as text, body) of one request."""
        with self.connect(tls=tls, timeout=timeout) as conn:
            head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n{headers}"
            if body:
                head += f"Content-Length: {len(body)}\r\n"
            conn.sendall(head.encode() + b"\r\n" + body)
            return read_response(conn)


def read_response(conn: socket.socket) -> tuple:
    """(status, headers as text, body): the body as long as Content-Length says, or up to the end."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, _, headers = head.decode("latin-1").partition("\r\n")
    length = next(
        (int(line.split(":", 1)[1]) for line in headers.split("\r\n") if line.lower().startswith("content-length:")),
        None,
    )
    while length is None or len(body) < length:
        try:
            chunk = conn.recv(65536)
        except (ConnectionResetError, ssl.SSLError):
            break
        if not chunk:
            break
        body += chunk
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (NGINX and OPENSSL):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("nginx and openssl are required (REQUIRE_NGINX is set): apt-get install nginx openssl")
        pytest.skip("nginx or openssl not installed")
    base = tmp_path_factory.mktemp("nginx")
    prefix, static = base / "nginx", base / "static"
    prefix.mkdir()
    static.mkdir()
    cert, key = self_signed_certificate(base)
    app, http, https = spare_port(), spare_port(), spare_port()
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "nginx-test-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
        "CACHE_URL": "locmem://",
        "STATIC_MANIFEST": "0",
        "TASKS_BACKEND": "immediate",
    }
    subprocess.run([sys.executable, "-c", SCHEMA], cwd=ROOT, env=env, check=True, timeout=120)
    app_log = base / "gunicorn-access.log"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{app}"]
        + ["--workers", "1", "--worker-class", "sync", "--access-logfile", str(app_log), "--timeout", "30"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(base / "gunicorn-error.log", "wb"),  # noqa: SIM115 - kept open while it runs
    )
    (prefix / "portal.conf").write_text(
        rendered_site(app=app, http=http, https=https, cert=cert, key=key, static=static)
    )
    (prefix / "nginx.conf").write_text(main_config(prefix))
    nginx = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(base / "nginx-stderr.log", "wb"),  # noqa: SIM115 - kept open while it runs
    )
    try:
        wait_for_port(app, gunicorn, "gunicorn")
        wait_for_port(https, nginx, "nginx")
        site = Site(http=http, https=https, static=static, app_log=app_log)
        status, _, _ = site.request("GET", "/en/")  # the worker loads the portal on its first request
        assert status == 200, (base / "gunicorn-error.log").read_text()[-3000:]
        yield site
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_page_through_nginx_over_https(site):
    status, headers, body = site.request("GET", "/en/")
    # Served, not redirected to HTTPS: the portal believed X-Forwarded-Proto.
    assert status == 200, (status, headers)
    assert b"<html" in body
    assert "strict-transport-security" in headers.lower()


def test_plain_http_redirects_except_the_health_check(site):
    status, headers, _ = site.request("GET", "/en/", tls=False)
    assert status == 301 and f"Location: https://{HOST}/en/" in headers
    status, _, body = site.request("GET", "/healthz/", tls=False)
    assert status == 200 and b'"ok"' in body


def test_static_files_from_nginx(site):
    (site.static / "probe.css").write_text("body { color: #123456 }")
    (site.static / "probe.0123456789ab.css").write_text("body { color: #654321 }")
    status, headers, body = site.request("GET", "/static/probe.css")
    assert status == 200 and body == b"body { color: #123456 }"
    assert "Cache-Control: public, max-age=3600" in headers
    status, headers, _ = site.request("GET", "/static/probe.0123456789ab.css")
    assert status == 200 and "immutable" in headers


def test_a_body_beyond_the_limit_gets_413_from_nginx(site):
    with site.connect() as conn:
        conn.sendall(
            f"POST /en/track/?oversized-probe HTTP/1.1\r\nHost: {HOST}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {200 * 1024 * 1024}\r\nConnection: close\r\n\r\n".encode()
        )
        status, _, _ = read_response(conn)
    assert status == 413
    site.request("GET", "/healthz/")  # a request that does reach the portal, logged after the one above
    time.sleep(0.2)
    log = site.app_log.read_text()
    assert "/healthz/" in log
    assert "oversized-probe" not in log  # the portal never saw it


def test_a_slow_upload_does_not_hold_the_worker(site):
    size = 40_000
    with site.connect() as slow:
        slow.sendall(
            f"POST /en/track/ HTTP/1.1\r\nHost: {HOST}\r\n"
            # A CSRF cookie and a same-site Referer, so that the portal goes on to read the body.
            f"Cookie: csrftoken={'a' * 32}\r\nReferer: https://{HOST}/en/track/\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {size}\r\nConnection: close\r\n\r\n".encode()
        )
        sent = 0
        # The slow client dribbles its body for about two seconds; gunicorn has one worker, and the portal
        # reads the body before answering. Meanwhile other requests are answered at once.
        for _ in range(6):
            slow.sendall(b"q" * 1000)
            sent += 1000
            started = time.monotonic()
            status, _, _ = site.request("GET", "/healthz/")
            assert status == 200
            assert time.monotonic() - started < 1.0, "a request waited for the slow upload"
            time.sleep(0.3)
        slow.sendall(b"q" * (size - sent))
        status, _, _ = read_response(slow)
    assert status == 403  # answered once the body was complete (403: the form's CSRF token is not in it)
