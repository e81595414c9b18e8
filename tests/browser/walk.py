"""The walk of the accessibility tests: every page of the site that links reach, one address per page.

A walk starts from a few addresses and follows the links of each page it opens, in the browser. It opens
one address per URL name (the first it meets, in the order of discovery), so a list with thousands of rows
costs one page, and a page added by any app is walked as soon as something links to it. Downloads, feeds,
images and other answers that are not HTML pages are recognised by their URL name and left out.
"""

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# URL names (or the end of one, after ":") of answers that are not HTML pages, or that only take POST.
NOT_PAGES = {
    "logout",
    "sitemap",
    "robots_txt",
    "healthz",
    "readyz",
    "metrics",
    "set_language",
    "django.contrib.sitemaps.views.sitemap",
}
NOT_PAGE_SUFFIXES = (
    "feed",
    "feed_all",
    "ics",
    "detail_ics",
    "cover",
    "attachment",
    "photo",
    "file",
    "manage_file",
    "emblem",
    "qr",
    "csv",
    "stats_csv",
    "export",
    "download",
    "office_download",
    "catalog",
    "opensearch",
    "manage_personal_data_export",
)
# Parts of the site that are not ours to check (Django's admin) or are not HTML (the API, media files).
NOT_OURS = ("admin:", "api:")
NOT_OURS_PATHS = ("/admin/", "/api/", "/media/", "/static/", "/en/admin/")

# What axe checks: the WCAG 2.0 and 2.1 success criteria of levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_RUN = "options => axe.run(document, options)"
# Again on a narrow screen, the rules whose outcome depends on the layout: a table that scrolls sideways
# there must be reachable with the keyboard, and text over a moved background must stay legible.
AXE_NARROW_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "color-contrast"]},
    "resultTypes": ["violations"],
}

# SVG links (the overview's map) have an href object, not a string: read the attribute.
# The page's width against the window's, and the elements that reach past the window's right edge
# (by their box, or by content that overflows a box that does not clip it).
OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      const right = Math.max(box.right, box.left + element.scrollWidth);
      if (box.width > 0 && right > width + 1) {
        const classes = typeof element.className === 'string' ? element.className.trim().split(/\\s+/) : [];
        const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
          classes.filter(Boolean).map(c => '.' + c).join('');
        wide.push(name + ' (to ' + Math.round(right) + ' px)');
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(-8)};
}"""


def url_name(path: str) -> str | None:
    """The namespaced URL name of a path of the site, or None when nothing of ours answers it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def is_page(name: str | None, path: str) -> bool:
    """Whether the walk opens this address: an HTML page of our own."""
    if name is None or path.startswith(NOT_OURS_PATHS) or name.startswith(NOT_OURS):
        return False
    short = name.rsplit(":", 1)[-1]
    return short not in NOT_PAGES and not short.endswith(NOT_PAGE_SUFFIXES)


# Links, and the addresses forms send to: a state change answers GET with its confirmation page.
HREF = re.compile(r"""<(?:a\s[^>]*?href|form\s[^>]*?action)=["']([^"'#]+)""", re.IGNORECASE)


@dataclass
class Found:
    """One page to open: its address and who may open it (None for anyone)."""

    path: str
    username: str | None = None


@dataclass
class Discovery:
    """The pages links reach, one address per URL name, found with Django's test client (fast: no
    browser). It follows the links of up to `per_name` pages of each (URL name, office), so that a
    section empty in one office and full in another, or a record whose state offers other actions, is
    still walked into; it keeps the first address of each URL name."""

    pages: dict[str, Found] = field(default_factory=dict)
    # Every URL name reached, with the status of its first GET (405 for an address that only takes POST).
    reached: dict[str, int] = field(default_factory=dict)

    def run(
        self,
        client,
        start: Iterable[str],
        *,
        within: tuple[str, ...] = ("/",),
        outside: tuple[str, ...] = (),
        username: str | None = None,
        per_name: int = 3,
        limit: int = 2000,
    ) -> None:
        """Follow links from `start` under `within` (and not under `outside`), as the client's user."""
        queue = list(start)
        followed: Counter = Counter()
        seen = set(queue)
        while queue and followed.total() < limit:
            path = queue.pop(0)
            bare = urlsplit(path).path
            name = url_name(bare)
            if not is_page(name, bare):
                continue
            key = (name, resolve(bare).kwargs.get("office"))
            if followed[key] >= per_name:
                continue
            followed[key] += 1
            response = client.get(path)
            self.reached.setdefault(name, response.status_code)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            self.pages.setdefault(name, Found(path, username))
            for href in HREF.findall(response.content.decode()):
                parts = urlsplit(html.unescape(href))
                if parts.scheme or parts.netloc or not parts.path.startswith(within):
                    continue
                if parts.path.startswith(outside):
                    continue
                link = parts.path + (
                    f"?{parts.query}" if parts.query and parts.path.rstrip("/").endswith("search") else ""
                )
                if link not in seen:
                    seen.add(link)
                    queue.append(link)


def axe_report(results: dict, name: str, path: str) -> str:
    """The violations axe found on one page, readable in a test's output."""
    lines = []
    for violation in results["violations"]:
        lines.append(f"{name} {path}: {violation['id']} ({violation['impact']}) {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
            lines.append(f"        {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
