"""Settings come from the environment; production settings pass `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from portal.settings import cache_from_url, email_from_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Gq2vR9pL4mN8sT1wY6zB3cF5hJ0kD-production-like-secret-for-the-check",
    "ALLOWED_HOSTS": "portal.example.go.th",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://mailer:secret@smtp.example.go.th:587?tls=1",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def settings_under(env: dict, *names: str) -> dict:
    """The named settings, as a portal started with these environment variables has them (through JSON)."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = manage("shell", "--verbosity", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_cache_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcache://127.0.0.1")


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        email_from_url("sendmail://localhost")


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("db://portal_cache", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
        ("unix:///run/redis.sock", "django.core.cache.backends.redis.RedisCache"),
        ("dbcache://portal_cache", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_cache_url(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_database_cache_table_name():
    assert cache_from_url("db://portal_cache")["LOCATION"] == "portal_cache"
    assert cache_from_url("db://")["LOCATION"] == "portal_cache"


def test_redis_location():
    assert cache_from_url("redis://:pw@127.0.0.1:6379/1")["LOCATION"] == "redis://:pw@127.0.0.1:6379/1"
    assert cache_from_url("unix:///run/redis.sock")["LOCATION"] == "unix:///run/redis.sock"


def test_email_url():
    config = email_from_url("smtp://mailer:secret@smtp.example.go.th:587?tls=1")
    assert config["EMAIL_HOST"] == "smtp.example.go.th"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "mailer"
    assert config["EMAIL_USE_TLS"] is True
    assert email_from_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_url_smtps_is_ssl_and_file_keeps_its_path():
    config = email_from_url("smtps://mailer:secret@smtp.example.go.th")
    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]) == (465, True, False)
    assert email_from_url("smtp://")["EMAIL_HOST"] == "localhost"
    assert email_from_url("smtp://")["EMAIL_PORT"] == 25
    config = email_from_url("file:///var/mail/portal")
    assert config["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert config["EMAIL_FILE_PATH"] == "/var/mail/portal"


def test_variables_are_read_as_before():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "$tarts-with-a-dollar-and-is-no-reference-to-another-variable",
        "ALLOWED_HOSTS": "portal.example.go.th, www.portal.example.go.th ,",
        "SECURE_HSTS_SECONDS": "",
        "DATABASE_URL": "postgres://portal@%2Fvar%2Frun%2Fpostgresql/portal",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    values = settings_under(env, "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS", "DATABASES")
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == env["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == ["portal.example.go.th", "www.portal.example.go.th"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000  # set to nothing counts as unset
    database = values["DATABASES"]["default"]
    assert (database["HOST"], database["NAME"], database["CONN_MAX_AGE"]) == ("/var/run/postgresql", "portal", 60)


def test_rate_limits_come_from_the_environment():
    env = {
        "DEBUG": "",
        "FEEDBACK_RATE_LIMIT": "7",
        "FEEDBACK_RATE_WINDOW": "120",
        "COMMENT_RATE_LIMIT": "4",
        "GROUP_JOIN_RATE_LIMIT": "4",
        "LOGIN_RATE_WINDOW": "60",
        "RECEIPT_RATE_LIMIT": "5",
        "RECEIPT_RATE_WINDOW": "1800",
        "SURVEY_RATE_LIMIT": "40",
        "SEARCH_RATE_LIMIT": "40",
        "API_RATE_LIMIT": "90",
    }
    values = settings_under(env, "DEBUG", "RATE_LIMITS")
    assert values["DEBUG"] is True
    assert values["RATE_LIMITS"] == {
        "feedback": [7, 120],
        "track": [60, 120],
        "register": [50, 120],
        "comment": [4, 120],
        "survey": [40, 120],
        "group_join": [4, 120],
        "subscribe": [20, 120],
        "subscribe_email": [3, 1800],
        "login": [10, 60],
        "login_address": [100, 60],
        "receipt": [5, 1800],
        "search": [40, 300],
        "api": [90, 60],
    }


def test_redis_cache_is_shared_between_processes():
    """The cache the rate limits will use holds across processes when CACHE_URL names Redis."""
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    code = "from django.core.cache import cache; import sys; {}"
    env = {"CACHE_URL": "redis://127.0.0.1:6379/15"}
    write = manage(
        "shell", "--verbosity", "0", "-c", code.format("cache.set('portal-test-key', 'shared', 30)"), env=env
    )
    assert write.returncode == 0, write.stderr
    read = manage("shell", "--verbosity", "0", "-c", code.format("print(cache.get('portal-test-key'))"), env=env)
    assert read.stdout.strip() == "shared"


def test_healthz_answers_503_when_the_database_is_unreachable():
    """A real failure, not a mock: the portal pointed at a PostgreSQL port nobody listens on."""
    code = (
        "from django.test import Client; "
        "response = Client().get('/healthz/'); "
        "print(response.status_code, response.json()['database'])"
    )
    env = {
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "CACHE_URL": "locmem://",
        "ALLOWED_HOSTS": "testserver",
    }
    result = manage("shell", "--verbosity", "0", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == "503 down", result.stderr
