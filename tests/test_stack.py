"""The production stack on this machine, driven through nginx (issue #19).

Started from the files in deploy/, templated with this test's ports and paths: nginx (Debian's package,
deploy/nginx/portal.conf with two app servers), two gunicorn instances (deploy/systemd/portal-web.service's
command line) and the task worker (portal-worker.service), with the settings of deploy/portal.env.example;
PostgreSQL (a throwaway cluster, tests/pgcluster.py), a private Redis, and moto's S3 server for uploads.

A citizen sends feedback with a picture through app server A; staff sign in and answer from app server B;
an announcement with an attachment is published on A and downloaded on B; the login limit counts across both;
the worker sends the answer's e-mail under the answering request's id; then deploy/backup.sh is run and
deploy/restore.sh restores into a fresh database and bucket, with every row and file the same.

Runs in the PostgreSQL pass of .ci/run (DATABASE_URL is PostgreSQL there) or with RUN_STACK=1; there it fails
rather than skips when a piece is missing (REQUIRE_NGINX).
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
import requests
import urllib3

from bench.client import forms_of
from tests.factories import PDF_BYTES, png_bytes
from tests.pgcluster import PgCluster, free_port
from tests.s3server import S3Server, s3_or_skip
from tests.test_nginx import HOST, NGINX, OPENSSL, main_config, rendered_site, self_signed_certificate, wait_for_port

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PASSWORD = "stack-test-password-1"
PEOPLE = """
from django.contrib.auth import get_user_model
from participation.models import OfficeMembership
from tests.conftest import make_singburi
office = make_singburi()
staff = get_user_model().objects.create_user("staff-a", "staff@example.org", "{password}", is_staff=True)
OfficeMembership.objects.create(user=staff, office=office, role=OfficeMembership.Role.STAFF)
"""


def wanted() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres") or bool(os.environ.get("RUN_STACK"))


def unit_command(name: str, port: int | None = None) -> list[str]:
    """ExecStart of a shipped unit, with this checkout and this Python instead of /srv/portal."""
    text = (DEPLOY / "systemd" / name).read_text()
    (line,) = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    command = line.removeprefix("ExecStart=").replace("/srv/portal/.venv/bin/", f"{Path(sys.executable).parent}/")
    if port:
        assert command.count("127.0.0.1:8000") == 1
        command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace("--workers 4", "--workers 2")
    return command.split()


def template_env(values: dict) -> dict:
    """deploy/portal.env.example read as systemd reads it, with the test's values over its own."""
    shipped = {}
    for line in (DEPLOY / "portal.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            shipped[name] = value
    unknown = set(values) - set(shipped) - {"FEEDBACK_MIN_SECONDS", "LOGIN_RATE_LIMIT", "STATIC_MANIFEST"}
    assert not unknown, f"deploy/portal.env.example lacks {unknown}"
    merged = {**shipped, **values}
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "DATABASE_"))}
    return {**base, **{k: v for k, v in merged.items() if v}, "DJANGO_SETTINGS_MODULE": "portal.settings"}


def stack_site(*, apps: list[int], http: int, https: int, cert: Path, key: Path, static: Path, logs: Path) -> str:
    """The shipped site with both app servers in the upstream, and a header that picks one (the test's only
    addition, so that it knows which server answered what)."""
    text = rendered_site(app=apps[0], http=http, https=https, cert=cert, key=key, static=static)
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in apps)
    text = re.sub(r"upstream portal_app \{\n    server [^\n]*\n", f"upstream portal_app {{\n{servers}", text)
    for letter, port in zip("ab", apps, strict=True):
        text += f"upstream portal_{letter} {{ server 127.0.0.1:{port}; }}\n"
    text += "map $http_x_app_server $portal_backend { default portal_app; a portal_a; b portal_b; }\n"
    assert text.count("proxy_pass http://portal_app;") == 2
    text = text.replace("proxy_pass http://portal_app;", "proxy_pass http://$portal_backend;")
    assert text.count("/var/log/nginx/portal.access.log") == 1
    return text.replace("/var/log/nginx/portal.access.log", str(logs / "access.log"))


class Person:
    """A browser through nginx over HTTPS, pinned to one app server or the other."""

    def __init__(self, https: int):
        self.base = f"https://127.0.0.1:{https}"
        self.session = requests.Session()
        self.session.verify = False

    def request(self, method: str, path: str, server: str, **kwargs) -> requests.Response:
        headers = {"Host": HOST, "Referer": f"https://{HOST}{path}", "X-App-Server": server}
        return self.session.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, verify=False, **kwargs
        )

    def form(self, page: str, server: str, action: str) -> dict:
        """The fields of the form on `page` that posts to `action` (or to the page itself)."""
        shown = self.request("GET", page, server)
        assert shown.status_code == 200, (page, shown.status_code)
        forms = [form for form in forms_of(shown.content) if form["attrs"].get("action", "") in {action, ""}]
        assert forms, f"no form for {action} on {page}"
        return forms[-1]["fields"]

    def post_form(self, path: str, server: str, values: dict, files=None, page: str = "") -> requests.Response:
        fields = {**self.form(page or path, server, path), **values}
        return self.request("POST", path, server, data=fields, files=files)


def wait_until(condition, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.2)


def table_digests(url: str) -> dict:
    """{table: (rows, digest of every row)} of a database."""
    connection = psycopg2.connect(url.replace("postgres://", "postgresql://"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            found = {}
            for table in tables:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                found[table] = cursor.fetchone()
            return found
    finally:
        connection.close()


def query(url: str, sql: str, *args) -> list:
    connection = psycopg2.connect(url.replace("postgres://", "postgresql://"))
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()
    finally:
        connection.close()


def start_redis(base: Path) -> tuple[str, subprocess.Popen | None]:
    binary = shutil.which("redis-server")
    if not binary:
        return "redis://127.0.0.1:6379/13", None  # the shared one, a database number of this test's own
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(base)],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, process, "redis-server")
    return f"redis://127.0.0.1:{port}/0", process


def test_the_production_stack(tmp_path):
    if not wanted():
        pytest.skip("runs in the PostgreSQL pass of .ci/run (or with RUN_STACK=1)")
    if not (NGINX and OPENSSL and PgCluster.available()):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("nginx, openssl and PostgreSQL's server are required for the stack test")
        pytest.skip("nginx, openssl or PostgreSQL's server is not installed")
    s3_or_skip()
    urllib3.disable_warnings()
    processes: list[subprocess.Popen] = []
    logs = tmp_path / "logs"
    logs.mkdir()
    mail = tmp_path / "mail"
    mail.mkdir()

    def start(command: list[str], env: dict, name: str) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs / f"{name}.log", "wb"),  # noqa: SIM115
        )
        processes.append(process)
        return process

    with PgCluster(tmp_path / "pg") as cluster, S3Server() as s3:
        try:
            redis_url, redis_process = start_redis(tmp_path)
            if redis_process:
                processes.append(redis_process)
            else:
                import redis

                redis.Redis.from_url(redis_url).flushdb()
            s3.make_bucket("portal-uploads")
            database = cluster.url("portal")
            env = template_env(
                {
                    "SECRET_KEY": "stack-test-" + "s" * 50,
                    "ALLOWED_HOSTS": HOST,
                    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
                    "SITE_URL": f"https://{HOST}",
                    "DATABASE_URL": database,
                    "DATABASE_REPLICA_URL": database,  # a second connection standing in for a replica
                    "CACHE_URL": redis_url,
                    "MEDIA_ROOT": str(tmp_path / "media-unused"),
                    **s3.settings("portal-uploads"),
                    "EMAIL_URL": f"file://{mail}",
                    "METRICS_TOKEN": "stack-metrics-token",
                    "STATIC_MANIFEST": "0",
                    "FEEDBACK_MIN_SECONDS": "0",
                    "LOGIN_RATE_LIMIT": "3",
                }
            )
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
            )
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", PEOPLE.format(password=PASSWORD)],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=120,
            )
            apps = [free_port(), free_port()]
            web = [start(unit_command("portal-web.service", port), env, f"web-{port}") for port in apps]
            start(unit_command("portal-worker.service"), env, "worker")
            prefix = tmp_path / "nginx"
            prefix.mkdir()
            cert, key = self_signed_certificate(tmp_path)
            http, https = free_port(), free_port()
            static = tmp_path / "static"
            static.mkdir()
            (prefix / "portal.conf").write_text(
                stack_site(apps=apps, http=http, https=https, cert=cert, key=key, static=static, logs=logs)
            )
            (prefix / "nginx.conf").write_text(main_config(prefix))
            nginx = start(
                [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"], env, "nginx"
            )
            for port, process in zip(apps, web, strict=True):
                wait_for_port(port, process, "gunicorn")
            wait_for_port(https, nginx, "nginx")

            run_the_stack(https, apps, env, s3, mail, logs)
            backup_and_restore(tmp_path, env, cluster, s3)
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def run_the_stack(https: int, apps: list[int], env: dict, s3: S3Server, mail: Path, logs: Path) -> None:
    database = env["DATABASE_URL"]
    probe = Person(https)
    for server in "ab":  # each app server has loaded the portal and is ready (database, Redis, queue)
        ready = probe.request("GET", "/readyz/", server)
        assert ready.status_code == 200, ready.text
    assert probe.request("GET", "/metrics/", "a").status_code == 404  # never through the proxy

    # A citizen sends feedback with a picture through app server A.
    citizen = Person(https)
    sent = citizen.post_form(
        "/en/singburi/feedback/new/",
        "a",
        {
            "kind": "complaint",
            "subject": "ไฟถนนดับ",
            "message": "ไฟถนนหน้าโรงเรียนดับสามวันแล้ว",
            "email": "citizen@example.org",
            "website": "",
        },
        files=[("files", ("street.png", png_bytes((64, 48)), "image/png"))],
    )
    assert sent.status_code == 200 and "tracking-code" in sent.text, sent.text[:2000]
    ((feedback_id,),) = query(database, "SELECT id FROM feedback_feedback")
    ((stored_name,),) = query(database, "SELECT file FROM feedback_feedbackfile WHERE feedback_id = %s", feedback_id)
    objects = s3.objects("portal-uploads")
    assert list(objects) == [stored_name]  # in the bucket, not on any app server's disk

    # Staff sign in and answer on app server B (the session lives in the database, shared by both).
    staff = Person(https)
    signed_in = staff.post_form("/en/accounts/login/", "b", {"username": "staff-a", "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.text[:2000]
    detail = staff.request("GET", f"/en/manage/singburi/feedback/{feedback_id}/", "b")
    assert detail.status_code == 200 and "ไฟถนนหน้าโรงเรียน" in detail.text
    (file_link,) = set(re.findall(rf"/en/manage/singburi/feedback/{feedback_id}/files/\d+/", detail.text))
    download = staff.request("GET", file_link, "b")
    assert download.status_code == 200 and download.content == objects[stored_name]
    answered = staff.post_form(
        f"/en/manage/singburi/feedback/{feedback_id}/answer/",
        "b",
        {"answer": "ซ่อมแล้วครับ", "public": "on"},
        page=f"/en/manage/singburi/feedback/{feedback_id}/",
    )
    assert answered.status_code == 302, answered.text[:2000]
    answer_request = answered.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", answer_request)  # nginx's $request_id, passed on and answered
    # The worker sends the answer to the citizen; the task carries the answering request's id.
    wait_until(lambda: any("ซ่อมแล้วครับ" in path.read_text(errors="replace") for path in mail.iterdir()), seconds=30)
    tasks = query(
        database,
        "SELECT args_kwargs->>'request_id', status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
        "%notify_sender_of_answer",
    )
    assert tasks == [(answer_request, "SUCCESSFUL")]

    # An announcement with an attachment, written and published on A, downloaded by anyone on B.
    created = staff.post_form(
        "/en/manage/singburi/announcements/new/",
        "a",
        {
            "kind": "news",
            "subject": "ประกาศรับฟังความคิดเห็น",
            "summary": "สรุป",
            "body": "เนื้อหา",
            "announced_on": "2025-11-20",
            "participation_level": "inform",
            "principles": ["transparency"],
        },
        files=[("files", ("แผนงาน.pdf", PDF_BYTES, "application/pdf"))],
    )
    assert created.status_code == 302, created.text[:3000]
    ((announcement_id, attachment_id),) = query(
        database,
        "SELECT a.id, f.id FROM announcements_announcement a"
        " JOIN announcements_attachment f ON f.announcement_id = a.id",
    )
    published = staff.post_form(f"/en/manage/singburi/announcements/{announcement_id}/publish/", "a", {"when": "now"})
    assert published.status_code == 302, published.text[:2000]
    reader = Person(https)
    page = reader.request("GET", f"/en/singburi/announcements/{announcement_id}/", "b")
    assert page.status_code == 200 and "ประกาศรับฟังความคิดเห็น" in page.text
    got = reader.request("GET", f"/en/singburi/announcements/{announcement_id}/files/{attachment_id}/", "b")
    assert got.status_code == 200 and got.content == PDF_BYTES

    # The login limit (3 failures) counts across both app servers: the fourth try is refused wherever it lands.
    intruder = Person(https)
    statuses = [
        intruder.post_form("/en/accounts/login/", server, {"username": "staff-a", "password": "wrong"}).status_code
        for server in "abab"
    ]
    assert statuses == [200, 200, 200, 429], statuses

    # Both app servers answered, and the JSON logs carry the request ids.
    for port in apps:
        assert (logs / f"web-{port}.log").stat().st_size > 0
    metrics = requests.get(
        f"http://127.0.0.1:{apps[0]}/metrics/",
        headers={"Authorization": "Bearer stack-metrics-token", "Host": HOST},
        timeout=10,
    )
    assert metrics.status_code == 200 and "django_http_requests_total_by_method_total" in metrics.text


def backup_and_restore(tmp_path: Path, env: dict, cluster: PgCluster, s3: S3Server) -> None:
    folder = tmp_path / "backup"
    tools = {**env, "PORTAL_PYTHON": sys.executable}
    subprocess.run(["sh", str(DEPLOY / "backup.sh"), str(folder)], cwd=ROOT, env=tools, check=True, timeout=120)
    restored_db = cluster.url("restored")
    s3.make_bucket("portal-restored")
    target = {**tools, "DATABASE_URL": restored_db, "S3_BUCKET": "portal-restored"}
    target.pop("DATABASE_REPLICA_URL")
    subprocess.run(["sh", str(DEPLOY / "restore.sh"), str(folder)], cwd=ROOT, env=target, check=True, timeout=300)
    before, after = table_digests(env["DATABASE_URL"]), table_digests(restored_db)
    assert before == after
    assert before["feedback_feedback"][0] == 1 and before["announcements_attachment"][0] == 1
    assert s3.objects("portal-restored") == s3.objects("portal-uploads")
    assert len(s3.objects("portal-restored")) == 2
