"""How the settings read the environment: switches, lists, and the CACHE_URL and EMAIL_URL spellings the
README documents. `portal.settings` says what each setting is; this module only how a variable is read."""

import os
from urllib.parse import parse_qs, urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

# Every variable is read through django-environ, but literally: django-environ would take a value
# starting with "$" (a SECRET_KEY may) as the name of another variable, hence the escaping.
# A variable set to nothing (`DEBUG=`) counts as unset, as it did before for switches and numbers.
env = environ.Env()
env.escape_proxy = True
env.ENVIRON = {name: value.replace("$", r"\$") for name, value in os.environ.items() if value}


def env_bool(name: str, default: bool) -> bool:
    """A switch: on for 1, true, yes or on (any case); anything else set is off; unset keeps the default."""
    value = env.str(name, default="")
    return default if not value else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: tuple[str, ...] = ()) -> list[str]:
    """A comma-separated variable; spaces around the items and empty items are dropped."""
    return [item for item in env.list(name, cast=str.strip, default=list(default)) if item]


# CACHE_URL and EMAIL_URL: the README's spellings, mapped onto django-environ's schemes, or
# django-environ's own. Only these caches: memcached is not installed, a file cache not shared.
cache_aliases = {"db": "dbcache", "locmem": "locmemcache", "dummy": "dummycache", "unix": "redis"}
cache_schemes = {"dbcache", "locmemcache", "dummycache", "redis", "rediss", "rediscache"}
email_aliases = {
    "console": "consolemail",
    "locmem": "memorymail",
    "file": "filemail",
    "dummy": "dummymail",
    "smtps": "smtp+ssl",  # SSL from the start (port 465), not django-environ's STARTTLS: that is ?tls=1
}
email_schemes = {"consolemail", "memorymail", "filemail", "dummymail", "smtp", "smtp+tls", "smtp+ssl"}


def cache_from_url(url: str) -> dict:
    """Turn CACHE_URL into a CACHES entry: db://table, redis://…, unix://…, locmem://, dummy://."""
    parts = urlparse(url)
    scheme = cache_aliases.get(parts.scheme, parts.scheme)
    if scheme not in cache_schemes:
        raise ImproperlyConfigured(f"CACHE_URL has an unknown scheme: {parts.scheme!r}")
    config = environ.Env.cache_url_config(parts._replace(scheme=scheme))
    if scheme == "dbcache":
        config["LOCATION"] = parts.netloc or parts.path.strip("/") or "portal_cache"
    return config


def email_from_url(url: str) -> dict:
    """Turn EMAIL_URL into e-mail settings: smtp://user:pass@host:587?tls=1, smtps://…, console://, file:///path."""
    parts = urlparse(url)
    scheme = email_aliases.get(parts.scheme, parts.scheme)
    if scheme not in email_schemes:
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {parts.scheme!r}")
    # The query is the portal's (?tls=1), not django-environ's OPTIONS.
    parsed = environ.Env.email_url_config(parts._replace(scheme=scheme, query=""))
    config = {"EMAIL_BACKEND": parsed["EMAIL_BACKEND"]}
    if scheme == "filemail":
        config["EMAIL_FILE_PATH"] = parts.path  # django-environ would drop the leading "/"
    if scheme.startswith("smtp"):
        ssl = parsed.get("EMAIL_USE_SSL", False)
        tls = parsed.get("EMAIL_USE_TLS", False) or parse_qs(parts.query).get("tls", ["0"])[0] in {"1", "true", "yes"}
        config.update(
            EMAIL_HOST=parsed["EMAIL_HOST"] or "localhost",
            EMAIL_PORT=parsed["EMAIL_PORT"] or (465 if ssl else 25),
            EMAIL_HOST_USER=parsed["EMAIL_HOST_USER"] or "",
            EMAIL_HOST_PASSWORD=parsed["EMAIL_HOST_PASSWORD"] or "",
            EMAIL_USE_SSL=ssl,
            EMAIL_USE_TLS=tls,
        )
    return config
