"""The page cache: anonymous public pages served from the shared cache, never stale.

A page is cached only when its app registered it (participation.freshness.register_public_pages),
the request is an anonymous GET or HEAD (no session and no messages cookie), and the response is a
plain 200 that sets no cookie and holds no CSRF token. Its key holds the address, the language, the
content encoding and the versions of what the page shows (participation.freshness), so a write to
an office makes a new key for its pages at once.

The middleware sits before the session, CSRF and authentication middleware, so a hit costs one
round trip to Redis (two reads of another cache) and nothing else. Every response gets the headers a
browser or a proxy needs to revalidate: cached pages `public, max-age=0, must-revalidate` with an
ETag and Last-Modified (a conditional request is answered 304); every other page is private, and
pages for signed-in people are not stored at all. A page registered as personal (one person's, such
as the tracking page of a message) is kept here all the same, with its view's never-cache headers.
"""

import logging
import time

from compression_middleware.middleware import compressor
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from participation import freshness

logger = logging.getLogger(__name__)

# Headers that belong to one response, not to the page: never stored.
UNSTORED_HEADERS = {"set-cookie", "date", "content-length"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page, match = self._page(request)
        if page is None:
            return self._private(request, self.get_response(request))
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0] or "identity"
        office = match.kwargs.get("office")
        if page.scope is not None:
            scopes = (freshness.DIRECTORY, page.scope(match.kwargs))
        else:
            scopes = (freshness.DIRECTORY, freshness.office_scope(office) if office else freshness.NATIONAL)
        try:
            key, entry = freshness.find_page(scopes, f"{request.get_full_path()}|{language}|{encoding}")
        except freshness.CACHE_ERRORS:
            # Without its cache the portal still answers, page by page.
            logger.warning("The page cache cannot be reached: %s rendered without it", request.path, exc_info=True)
            return self._private(request, self.get_response(request))
        if entry is not None:
            return self._conditional(request, self._rebuild(entry))
        response = self.get_response(request)
        if self._storable(request, response, page):
            if not page.personal:
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
                response["Last-Modified"] = http_date(time.time())
            timeout = page.timeout if page.timeout is not None else settings.PAGE_CACHE_SECONDS
            try:
                freshness.keep_page(key, self._entry(response), timeout)
            except freshness.CACHE_ERRORS:
                logger.warning("The page cache cannot be reached: %s not kept", request.path, exc_info=True)
            return self._conditional(request, response)
        return self._private(request, response)

    @staticmethod
    def _page(request):
        """The registered public page this request asks for, if it may come from the cache."""
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return None, None
        if isinstance(caches["default"], DummyCache):
            return None, None  # a cache that keeps nothing: looking up versions for it is all cost
        if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
            return None, None  # signed in, or a message is waiting: this page is theirs alone
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        try:
            with translation.override(language):  # addresses in English start with /en/
                match = resolve(request.path_info)
        except Resolver404:
            return None, None
        page = freshness.public_page(match.view_name)
        return (page, match) if page is not None and page.keeps(request) else (None, None)

    @staticmethod
    def _storable(request, response, page) -> bool:
        # A personal page says private and no-store to browsers and proxies: the server keeps it anyway.
        cache_control = "" if page.personal else response.get("Cache-Control", "")
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def _entry(response) -> dict:
        headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
        return {"status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def _rebuild(entry) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return response

    @staticmethod
    def _conditional(request, response):
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,  # the ETag decides: a page can change twice within a second
            response=response,
        )

    @staticmethod
    def _private(request, response):
        """Pages that did not come from the cache may be kept by the browser only."""
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
