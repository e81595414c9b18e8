"""`make bench`: serve the portal like production and measure every page against the floor.

PostgreSQL with national-scale data (generated once per scale), gunicorn with 2 workers on core 0, wrk on
core 1, Redis as the cache. For each page: req/s, p50 and p99 with a few connections, its share of the
floor (an "ok" through the same middleware in the same server), and its SQL queries; then the first
(uncached) render of each public page and the staff pages with one client (p95), and the feedback intake
with a loss check. The table goes to stdout and, as JSON, to bench/results/.

Settings (environment): BENCH_SCALE (1.0), BENCH_DURATION (10 s), BENCH_CONNECTIONS (4), BENCH_PAGES (a
comma-separated filter on page names, e.g. "office,inbox"), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/portal_bench), BENCH_REDIS_URL (redis://127.0.0.1:6379/13),
BENCH_PORT (8765), BENCH_WARMUP (2 s), BENCH_SAMPLES (20 sequential requests for p95),
BENCH_INTAKE_CLIENTS (16), BENCH_INTAKE_SECONDS (BENCH_DURATION), BENCH_PASSWORD.
"""

import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.client import Browser, login  # noqa: E402
from bench.intake import run_intake  # noqa: E402

PYTHON = sys.executable
HOST = "127.0.0.1"


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


SCALE = float(setting("BENCH_SCALE", "1.0"))
THREADS = int(setting("BENCH_THREADS", "1"))
DURATION = int(setting("BENCH_DURATION", "10"))
CONNECTIONS = int(setting("BENCH_CONNECTIONS", "4"))
WARMUP = int(setting("BENCH_WARMUP", "2"))
SAMPLES = int(setting("BENCH_SAMPLES", "20"))
PAGES = [name.strip() for name in setting("BENCH_PAGES", "").split(",") if name.strip()]
DATABASE_URL = setting("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
PORT = int(setting("BENCH_PORT", "8765"))
INTAKE_CLIENTS = int(setting("BENCH_INTAKE_CLIENTS", "16"))
INTAKE_SECONDS = int(setting("BENCH_INTAKE_SECONDS", str(DURATION)))
PASSWORD = setting("BENCH_PASSWORD", "bench-portal-2569")
LUA = Path(__file__).resolve().parent / "report.lua"
HIGH = "1000000000"


def say(text: str) -> None:
    print(text, flush=True)


def portal_env(static_root: str, **extra) -> dict:
    """The production-like environment of the server and of the bench's own Django processes."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": static_root,
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": setting("BENCH_CONN_MAX_AGE", "60"),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": REDIS_URL,
        "EMAIL_URL": "dummy://",
        "FEEDBACK_RATE_LIMIT": HIGH,
        "TRACKING_RATE_LIMIT": HIGH,
        "REGISTRATION_RATE_LIMIT": HIGH,
        "LOGIN_RATE_LIMIT": HIGH,
        "RECEIPT_RATE_LIMIT": HIGH,
        "FEEDBACK_MIN_SECONDS": "0",
        "BENCH_FLOOR": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def as_root(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return command
    if shutil.which("sudo"):
        return ["sudo", *command]
    raise SystemExit(f"Not root and no sudo: run `{' '.join(command)}` yourself.")


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("installing wrk (apt-get)")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(as_root(["apt-get", "update", "-qq"]), check=True, env=apt)
    subprocess.run(as_root(["apt-get", "install", "-y", "-qq", "wrk"]), check=True, env=apt)


def ensure_database() -> None:
    import psycopg2

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def probe(env: dict, *args: str, data=None):
    result = subprocess.run(
        [PYTHON, "bench/probe.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        input=json.dumps(data) if data is not None else None,
        stdout=subprocess.PIPE,
    )
    return json.loads(result.stdout)


def ensure_data(env: dict) -> float | None:
    """Generate the data at BENCH_SCALE unless the database already holds it; the seconds it took."""
    recorded = probe(env, "status")
    if recorded and float(recorded.get("scale", 0)) == SCALE:
        say(f"data of scale {SCALE} already present (largest office {recorded['largest']})")
        return None
    say(f"generating data of scale {SCALE} (seed_scale)")
    started = time.monotonic()
    manage(env, "seed_scale", "--scale", str(SCALE), "--flush", "--password", PASSWORD)
    return time.monotonic() - started


class Server:
    """gunicorn with 2 workers pinned to core 0."""

    def __init__(self, env: dict):
        self.env = env
        self.process = None

    def __enter__(self):
        command = [PYTHON, "-m", "gunicorn", "portal.wsgi", "--workers", "2", "--bind", f"{HOST}:{PORT}"]
        command += ["--log-level", "warning", "--timeout", "120"]
        if THREADS > 1:  # gthread workers: a worker waiting on the database or Redis lets another request run
            command += ["--threads", str(THREADS)]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, *_ = Browser(HOST, PORT, timeout=2).get("/healthz/")
                if status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz/ within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wrk(path: str, seconds: int, cookie: str = "") -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://{HOST}:{PORT}{path}")
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    line = next(line for line in reversed(output.splitlines()) if line.startswith("{"))
    data = json.loads(line)
    seconds_run = data["duration_us"] / 1e6
    errors = sum(data[key] for key in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
    answered = data["requests"] > 0  # a page slower than the run has no latency to show
    return {
        "rps": round(data["requests"] / seconds_run, 1),
        "p50_ms": round(data["p50_us"] / 1000, 1) if answered else None,
        "p99_ms": round(data["p99_us"] / 1000, 1) if answered else None,
        "requests": data["requests"],
        "errors": errors,
    }


def p95(values: list[float]) -> float:
    values = sorted(values)
    return round(values[int(0.95 * (len(values) - 1))] * 1000, 1)


def flush_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def cold_p95(browser: Browser, path: str) -> float:
    """One client, each request on an empty cache."""
    timings = []
    for _ in range(SAMPLES):
        flush_cache()
        _status, _headers, _body, seconds = browser.get(path, headers={"Accept-Encoding": "gzip, br"})
        timings.append(seconds)
    return p95(timings)


def warm_p95(browser: Browser, path: str) -> float:
    timings = [browser.get(path, headers={"Accept-Encoding": "gzip, br"})[3] for _ in range(SAMPLES)]
    return p95(timings)


def print_table(rows: list[dict], results: dict) -> None:
    say("")
    header = f"{'page':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'floor/s':>8} {'floor %':>8} {'queries':>8}"
    say(f"{header} {'status':>6}  path")
    for row in rows:
        say(
            f"{row['name']:24} {row['rps']:>8} {row['p50_ms'] or '-'!s:>8} {row['p99_ms'] or '-'!s:>8} "
            f"{row.get('floor_rps', row['rps'])!s:>8} {row['floor_percent']:>8} {row.get('queries', '-')!s:>8} "
            f"{row['status']!s:>6}  {row['path']}" + (f"  ({row['errors']} errors)" if row["errors"] else "")
        )
    if results.get("cold"):
        say("\nfirst (uncached) render, one client, p95 ms:")
        for name, value in results["cold"].items():
            say(f"  {name:24} {value:>8}")
    if results.get("staff_p95"):
        say("\nstaff pages, one client, p95 ms:")
        for name, value in results["staff_p95"].items():
            say(f"  {name:24} {value:>8}")
    intake = results.get("intake")
    if intake:
        loss = intake["loss_check"]
        verdict = "nothing lost" if loss["stored_once"] == loss["distinct"] == loss["shown"] else "LOSS"
        say(
            f"\nintake: {intake['accepted_per_s']} accepted/s ({intake['accepted']} in {intake['seconds']} s, "
            f"{intake['clients']} clients, p95 {intake['submission_p95_ms']} ms per submission)"
        )
        say(
            f"  loss check: {loss['shown']} codes shown, {loss['distinct']} distinct, "
            f"{loss['stored_once']} stored exactly once: {verdict}"
        )
        say(f"  outcomes: {intake['outcomes']}")


def main() -> None:
    started = time.monotonic()
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
        # The bench's own clients (first renders, staff pages, intake) run beside wrk on core 1.
        os.sched_setaffinity(0, {1})
    ensure_wrk()
    ensure_database()
    static_root = tempfile.mkdtemp(prefix="portal-bench-static-")
    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": SCALE,
        "duration_s": DURATION,
        "connections": CONNECTIONS,
        "workers": 2,
        "conn_max_age": setting("BENCH_CONN_MAX_AGE", "60"),
    }
    try:
        env = portal_env(static_root)
        say(f"migrating {DATABASE_URL}")
        manage(env, "migrate", "--noinput", "-v0")
        results["generation_s"] = ensure_data(env)
        say("collecting static files")
        manage(env, "collectstatic", "--noinput", "-v0")
        listed = probe(env, "pages")
        pages = [page for page in listed["pages"] if not PAGES or page["name"] in PAGES]
        results["office"] = listed["office"]
        say(f"largest office: {listed['office']}; counting queries")
        # Its own local-memory cache, emptied before each counted request: the queries of a render.
        counts = probe({**env, "CACHE_URL": "locmem://"}, "queries", data={**listed, "pages": pages})
        flush_cache()
        with Server(env):
            staff = login(HOST, PORT, listed["staff_username"], PASSWORD)
            cookie = "; ".join(f"{name}={value}" for name, value in staff.cookies.items())
            # The floor is measured again just before each page, so that whatever else the machine does
            # meanwhile weighs on both alike; the first one is reported as the floor.
            floor_seconds = max(3, DURATION // 2)
            say(f"floor: warm-up {WARMUP} s, then {floor_seconds} s before each page")
            wrk("/bench-floor/", WARMUP)
            floor = wrk("/bench-floor/", floor_seconds)
            rows = [{"name": "floor", "path": "/bench-floor/", "status": 200, **floor, "floor_percent": 100.0}]
            for index, page in enumerate(pages):
                if index:
                    floor = wrk("/bench-floor/", floor_seconds)
                browser = staff if page["staff"] else Browser(HOST, PORT)
                status, *_ = browser.get(page["path"])
                wrk(page["path"], WARMUP, cookie if page["staff"] else "")
                measured = wrk(page["path"], DURATION, cookie if page["staff"] else "")
                row = {
                    "name": page["name"],
                    "path": page["path"],
                    "staff": page["staff"],
                    "status": status,
                    **measured,
                    "floor_rps": floor["rps"],
                    "floor_percent": round(100 * measured["rps"] / floor["rps"], 1) if floor["rps"] else None,
                    "queries": counts.get(page["name"], {}).get("queries"),
                }
                rows.append(row)
                say(
                    f"  {page['name']:24} {row['rps']:>8} req/s  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms"
                    f"  {row['floor_percent']} % of floor  {row['queries']} queries  status {status}"
                )
            results["pages"] = rows
            say(f"first renders and staff pages: {SAMPLES} sequential requests each")
            citizen = Browser(HOST, PORT)
            results["cold"] = {page["name"]: cold_p95(citizen, page["path"]) for page in pages if not page["staff"]}
            results["staff_p95"] = {page["name"]: warm_p95(staff, page["path"]) for page in pages if page["staff"]}
            if not PAGES or "intake" in PAGES:
                marker = f"[bench-{secrets.token_hex(4)}]"
                say(f"intake: {INTAKE_CLIENTS} clients for {INTAKE_SECONDS} s")
                intake = run_intake(
                    host=HOST,
                    port=PORT,
                    offices=listed["offices"],
                    clients=INTAKE_CLIENTS,
                    seconds=INTAKE_SECONDS,
                    marker=marker,
                )
                codes = intake.pop("codes")
                intake["loss_check"] = probe(env, "codes", data=codes)
                intake["cleanup"] = probe(env, "cleanup", marker)
                results["intake"] = intake
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    results["total_s"] = round(time.monotonic() - started)
    print_table(results.get("pages", []), results)
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    target = folder / f"bench-{stamp}-scale{SCALE:g}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    say(f"\nwritten to {target.relative_to(ROOT)} ({results['total_s']} s in all)")


if __name__ == "__main__":
    main()
