"""How fresh a cached public page is: versions of what the pages show, changed by every write.

The page cache (portal.pagecache) keeps anonymous public pages in the shared cache under a key that
holds the versions of what they show. A page of one office depends on that office's version and on the
directory version (the offices themselves); a national page (the home, the national feed, the
sitemaps) depends on the national version and the directory version. Nothing is ever stale by more
than the time a write takes to commit:

- Apps declare their cacheable pages by URL name with `register_public_pages`, and the models whose
  writes change those pages with `watch`. A save or delete of a watched model forgets the version of
  its office and the national version (for an office, the directory version), at once and again when
  the transaction commits: the next request makes a new one, so every page keyed with the old one is
  never read again and expires on its own.
- What changes with the clock alone, such as a scheduled announcement's time coming or a meeting
  starting, is declared with `register_schedule`: a version lasts until the earliest such moment
  (and never past the next midnight, for pages that say "today" or the fiscal year).

A version is a random token, not a counter, so a version forgotten by the cache (evicted, restarted)
can never come back with pages of an older render behind it.
"""

import datetime
import functools
import hashlib
import logging
import pickle
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from participation.sharedcache import redis_cache, redis_client, set_text

DIRECTORY = "directory"
NATIONAL = "national"
KEY_PREFIX = "pv:"
# The files whose change makes a new release (see `release`), relative to BASE_DIR.
RELEASE_ROOTS = (
    "announcements",
    "participation",
    "portal",
    "templates",
    "static",
    "locale",
    "staticfiles/staticfiles.json",
)
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json"}
# What a cache that cannot be reached raises: Redis, the database cache, the network.
CACHE_ERRORS = (RedisError, DatabaseError, OSError)
PAGE_PREFIX = "page:"


@dataclass(frozen=True)
class PublicPage:
    url_name: str
    timeout: int | None  # seconds; None: until its versions change (and the page cache's own limit)
    query: frozenset = frozenset()  # the query parameters the page reads besides COMMON_QUERY
    # request -> bool: whether this request may have the kept page at all (e.g. what it accepts)
    condition: Callable | None = None
    # the URL's arguments -> the scope of what the page shows, when it is not its office's (one record's)
    scope: Callable | None = None
    # kept on the server, but browsers and proxies are told not to store it (the view says so)
    personal: bool = False

    def keeps(self, request) -> bool:
        """Whether this request's query string is one the page reads: anything else (`?junk=1`, long
        values, many parameters) is rendered for the request alone, so that made-up addresses cannot
        fill the shared cache and push out real pages and the rate-limit counters."""
        if len(request.GET) > QUERY_MOST or (self.condition is not None and not self.condition(request)):
            return False
        return all(
            (name in COMMON_QUERY or name in self.query) and len(values) == 1 and len(values[0]) <= QUERY_VALUE_MOST
            for name, values in request.GET.lists()
        )


# The query parameters public pages share: pagination and the public filters.
COMMON_QUERY = frozenset({"page", "kind", "year", "group", "about", "section", "format"})
QUERY_MOST = 4
QUERY_VALUE_MOST = 40


_pages: dict[str, PublicPage] = {}
_schedules: list[Callable] = []
logger = logging.getLogger(__name__)
_scripts: dict[int, object] = {}  # the page look-up script, registered once per Redis client


def register_public_pages(
    *url_names: str,
    timeout: int | None = None,
    query: tuple[str, ...] = (),
    condition: Callable | None = None,
    scope: Callable | None = None,
    personal: bool = False,
) -> None:
    """Anonymous requests for these pages (namespaced URL names) may be served from the page cache.

    Give a `timeout` for pages that show something no watched write changes, such as counts of
    messages received, which then lag by at most that many seconds; the names of `query`
    parameters the pages read besides COMMON_QUERY (others are never cached); a `condition`
    on the request when some requests must reach the view whatever is kept (what they accept); a
    `scope` for a page that shows one record rather than its office's (the URL's arguments -> the
    scope its writes forget, see `scope_changed`); and `personal` for a page its view tells browsers
    and proxies not to store (never_cache), which the server may keep all the same."""
    for url_name in url_names:
        _pages[url_name] = PublicPage(
            url_name=url_name,
            timeout=timeout,
            query=frozenset(query),
            condition=condition,
            scope=scope,
            personal=personal,
        )


def public_page(url_name: str) -> PublicPage | None:
    return _pages.get(url_name)


def register_schedule(next_change: Callable) -> None:
    """`next_change(office_slug or None, now)` gives the next moment at which pages of that office
    (None: any office, for national pages) change without a write, or None."""
    _schedules.append(next_change)


def office_scope(slug: str) -> str:
    return f"office:{slug}"


def _key(scope: str) -> str:
    return KEY_PREFIX + scope


def _next_midnight(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time()))


# --- Where versions and pages are kept ---------------------------------------------------------
# A version is stored as "token|until" (until: a Unix time). With Redis, a page is looked up in one
# round trip (the versions and the page they lead to, by a script); with any other cache, in two reads.

PAGE_LOOKUP = """
local values = redis.call('MGET', unpack(KEYS))
local tokens = {}
for index, value in ipairs(values) do
    if not value then
        values[#values + 1] = false
        return values
    end
    tokens[index] = string.match(value, '^[^|]*')
end
values[#values + 1] = redis.call('GET', ARGV[1] .. redis.sha1hex(ARGV[2] .. '|' .. table.concat(tokens, '|')))
return values
"""


def _decode(value) -> tuple[str, float] | None:
    """A stored version as (token, until); None for none, or for anything else found under its key."""
    try:
        token, separator, until = (value.decode() if isinstance(value, bytes) else value).partition("|")
        return (token, float(until)) if separator else None
    except (AttributeError, UnicodeDecodeError, ValueError):
        return None


def _page_key(signature: str, tokens) -> str:
    digest = hashlib.sha1(f"{signature}|{'|'.join(tokens)}".encode(), usedforsecurity=False).hexdigest()
    return PAGE_PREFIX + digest


def _read_versions(scopes) -> list[tuple[str, float] | None]:
    backend = redis_cache()
    if backend is None:
        stored = cache.get_many([_key(scope) for scope in scopes])
        return [_decode(stored.get(_key(scope))) for scope in scopes]
    values = redis_client(backend).mget([backend.make_key(_key(scope)) for scope in scopes])
    return [_decode(value) for value in values]


def _write_version(scope: str, value: str) -> None:
    set_text(_key(scope), value, timeout=None)


def next_change(slug: str | None, now: datetime.datetime) -> datetime.datetime:
    """The next moment at which what the office (None: any office) shows changes without a write:
    the earliest the apps declare (`register_schedule`), and never later than the next midnight."""
    until = _next_midnight(now)
    for moment_of in _schedules:
        moment = moment_of(slug, now)
        if moment is not None and moment < until:
            until = moment
    return until


def _fresh_version(scope: str, now: datetime.datetime) -> tuple[str, float]:
    if scope == NATIONAL:
        until = next_change(None, now)
    elif scope.startswith("office:"):
        until = next_change(scope.removeprefix("office:"), now)
    else:
        until = _next_midnight(now)  # the directory, or one record's pages: only writes change them
    version = (secrets.token_hex(8), until.timestamp())
    _write_version(scope, f"{version[0]}|{version[1]}")
    return version


def _current(scopes, stored, now) -> list[str]:
    """The tokens of the scopes' versions, made anew where missing or where their time has come."""
    tokens = []
    for scope, version in zip(scopes, stored, strict=True):
        if version is None or version[1] <= now.timestamp():
            version = _fresh_version(scope, now)
        tokens.append(version[0])
    return tokens


def versions(*scopes: str) -> list[str]:
    """The current version of each scope, made anew where the cache has none or its time has come."""
    return _current(scopes, _read_versions(scopes), timezone.now())


@functools.cache
def release() -> str:
    """What tells this release's pages from another's, so that a deploy never serves pages rendered
    by the code, templates, translations or static files it replaced: settings.RELEASE when the
    deployment names it, otherwise a digest of the project's own files (the same on every server)."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    for root in RELEASE_ROOTS:
        folder = Path(settings.BASE_DIR) / root
        paths = sorted(folder.rglob("*")) if folder.is_dir() else [folder]
        for path in paths:
            if path.suffix in RELEASE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def find_page(scopes, signature: str) -> tuple[str, dict | None]:
    """The cache key of the page `signature` names (its address, language, encoding) under the
    scopes' current versions and this release, and the page kept there, if any."""
    now = timezone.now()
    signature = f"{release()}|{signature}"
    backend = redis_cache()
    if backend is not None:
        client = redis_client(backend)
        script = _scripts.get(id(client)) or _scripts.setdefault(id(client), client.register_script(PAGE_LOOKUP))
        keys = [backend.make_key(_key(scope)) for scope in scopes]
        *values, page = script(keys=keys, args=[backend.make_key(PAGE_PREFIX), signature])
        stored = [_decode(value) for value in values]
        if all(version is not None and version[1] > now.timestamp() for version in stored):
            key = _page_key(signature, [version[0] for version in stored])
            return key, (pickle.loads(page) if page is not None else None)  # noqa: S301 — our own cache
        return _page_key(signature, _current(scopes, stored, now)), None
    key = _page_key(signature, _current(scopes, _read_versions(scopes), now))
    return key, cache.get(key)


def keep_page(key: str, page: dict, timeout: int) -> None:
    backend = redis_cache()
    if backend is None:
        cache.set(key, page, timeout)
    else:
        redis_client(backend).set(backend.make_key(key), pickle.dumps(page, pickle.HIGHEST_PROTOCOL), ex=timeout)


def forget(*scopes: str) -> None:
    """Pages of these scopes are out of date: the next request makes new versions.

    A cache that cannot be reached must not undo the write that changed the pages: it is logged,
    and the pages it may still hold expire with PAGE_CACHE_SECONDS."""
    try:
        cache.delete_many([_key(scope) for scope in scopes])
    except CACHE_ERRORS:
        logger.exception("The page cache could not be told that %s changed", ", ".join(scopes))


def _forget_now_and_after_commit(*scopes: str) -> None:
    # Now, so this transaction's own later reads see the change; after the commit again, since a
    # page rendered meanwhile by another request still saw the old records.
    forget(*scopes)
    transaction.on_commit(lambda: forget(*scopes))


def scope_changed(*scopes: str) -> None:
    """The records of these scopes (a page's own, see `register_public_pages`) changed."""
    _forget_now_and_after_commit(*scopes)


def office_changed(slug: str | None) -> None:
    """An office's records changed: its pages and the national pages."""
    _forget_now_and_after_commit(NATIONAL, *([office_scope(slug)] if slug else []))


def directory_changed() -> None:
    """An office itself changed (its name, its parent, whether it is open): every page."""
    _forget_now_and_after_commit(DIRECTORY, NATIONAL)


_write_listeners: list[Callable] = []
_record_listeners: list[Callable] = []


def on_records_write(listener: Callable) -> None:
    """`listener(office)` hears of every save and delete of a watched model, whatever it changes, inside
    the write's transaction (the year's kept figures, participation.storedfigures). It must be cheap."""
    if listener not in _record_listeners:
        _record_listeners.append(listener)


def records_changed(owner) -> None:
    for listener in _record_listeners:
        listener(owner)


def on_office_write(listener: Callable) -> None:
    """`listener(office)` hears of every save and delete of a watched model that counts in the
    office's figures (see `watch`), whether or not it changes a public page: the national overview
    refreshes its stored figures from it. It runs inside the write's transaction and must be cheap."""
    if listener not in _write_listeners:
        _write_listeners.append(listener)


def _owner(office: Callable, instance):
    try:
        return office(instance)
    except ObjectDoesNotExist:  # its office went first, in the same delete
        return None


def watch(model, *, office: Callable, when: Callable | None = None, figures: bool | Callable = True) -> None:
    """Saves and deletes of `model` change the public pages of the office `office(instance)` returns
    (an Office, or None when it cannot be told). `when(instance, created)` may exclude writes that
    change no public page, such as a new message nobody has answered yet; deletes always count.
    Every write is also told to the `on_office_write` listeners unless `figures` is False (writes
    that change none of the office's figures, such as a survey's answers) or, given as
    `figures(instance, created)`, says False for this save."""

    def tell(owner) -> None:
        if owner is not None:
            for listener in _write_listeners:
                listener(owner)

    def saved(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        owner = _owner(office, instance)
        records_changed(owner)
        changes_page = when is None or when(instance, created)
        counts = bool(_write_listeners) and (figures(instance, created) if callable(figures) else figures)
        if not changes_page and not counts:
            return
        if changes_page:
            office_changed(owner.slug if owner is not None else None)
        if counts:
            tell(owner)

    def deleted(sender, instance, **kwargs):
        owner = _owner(office, instance)
        records_changed(owner)
        office_changed(owner.slug if owner is not None else None)
        if figures is not False:
            tell(owner)

    uid = f"freshness:{model._meta.label}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)


def watch_directory(model) -> None:
    """Saves and deletes of `model` (the offices) change every page."""

    def changed(sender, raw=False, **kwargs):
        if not raw:
            directory_changed()

    uid = f"freshness:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
