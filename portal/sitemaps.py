"""The sitemap: every public page in Thai and in English.

Announcements and meetings number hundreds of thousands, so their sections (one per language) are
cut into pages by ranges of primary keys: page p holds the rows with (p - 1) × limit < pk ≤ p × limit.
The number of pages comes from MAX(pk) of the table, which its primary-key index answers at once, and
a page reads at most `limit` rows through that index. Nothing counts the rows of a whole table or
takes the latest change over it on a request (Django's own paginated sitemaps do both): the index
gives no date for these sections, and each page's Last-Modified is the latest change among its rows.
A page may hold fewer than `limit` addresses, or none, where records were deleted or are not public.

A page stays cheap to build: it reads only the key, the date and the office's slug of each row (no
model instances), and builds every address from one reverse() per page (`address_format`).
Pages of 1,000 addresses rather than the 50,000 a sitemap may hold keep each response small; the
index lists as many pages as the highest key needs, whatever `limit` is.
"""

import functools
import math
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape

from announcements.models import Announcement
from participation.meetings.models import Meeting
from participation.models import Office


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return ["home", "privacy"]

    def location(self, item):
        return reverse(item)


class OfficeSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self):
        return Office.objects.active().order_by("pk")

    def location(self, office):
        # Django asks once per office and language (and again for the alternates): one reverse() per language.
        return office_address(translation.get_language()).format(office=office.slug)

    def lastmod(self, office):
        return office.updated_at

    def get_latest_lastmod(self):
        # One row from the database rather than every office.
        return Office.objects.active().aggregate(latest=Max("updated_at"))["latest"]


@dataclass(frozen=True)
class KeyRangePage:
    object_list: object


class KeyRangePaginator:
    """Pages of a queryset by ranges of primary keys, for the sitemap views."""

    def __init__(self, queryset, per_page: int):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self) -> int:
        # The highest key of the whole table (filtered, it would need a scan): an index look-up.
        top = self.queryset.model._base_manager.aggregate(top=Max("pk"))["top"] or 0
        return max(1, math.ceil(top / self.per_page))

    def page(self, number) -> KeyRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        low = (number - 1) * self.per_page
        return KeyRangePage(self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).order_by("pk"))


def address_format(route: str, language: str) -> str:
    """The address of an office's record page `route` in `language`, as a format string with the
    fields {office} and {pk}: one reverse() for a whole sitemap page rather than one per address.
    Both are whole path segments, so the sample values reversed here are replaced unambiguously."""
    with translation.override(language):
        address = reverse(route, kwargs={"office": "office-slug", "pk": 0})
    address = address.replace("{", "{{").replace("}", "}}")  # reverse() quotes them anyway
    return address.replace("/office-slug/", "/{office}/", 1).replace("/0/", "/{pk}/", 1)


@functools.cache
def office_address(language: str) -> str:
    """The address of an office's home page in `language`, as a format string with the field {office}."""
    with translation.override(language):
        address = reverse("participation:office", kwargs={"office": "office-slug"})
    return address.replace("{", "{{").replace("}", "}}").replace("/office-slug/", "/{office}/", 1)


class LanguageSitemap(Sitemap):
    """One language's pages of a large table, paged by ranges of primary keys. Its items are
    rows of values (`pk`, `updated_at`, `office_slug`), not model instances."""

    language = "th"
    limit = 1000
    route = ""  # the URL name of a record's public page, with the arguments `office` and `pk`

    @cached_property
    def address(self) -> str:
        return address_format(self.route, self.language)

    def location(self, item):
        return self.address.format(office=item["office_slug"], pk=item["pk"])

    def lastmod(self, item):
        return item["updated_at"]

    @cached_property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        """None: the latest change over the whole table would read every row (see the module)."""
        return None


ROW = {"office_slug": F("office__slug")}


class AnnouncementSitemap(LanguageSitemap):
    changefreq = "weekly"
    route = "announcements:detail"

    def items(self):
        return Announcement.objects.live().filter(office__is_active=True).values("pk", "updated_at", **ROW)


class MeetingSitemap(LanguageSitemap):
    changefreq = "weekly"
    route = "meetings:detail"

    def items(self):
        return Meeting.objects.public().filter(office__is_active=True).values("pk", "updated_at", **ROW)


def english(sitemap):
    return type(f"English{sitemap.__name__}", (sitemap,), {"language": "en"})


SITEMAPS = {
    "pages": StaticSitemap,
    "offices": OfficeSitemap,
    "announcements": AnnouncementSitemap,
    "announcements-en": english(AnnouncementSitemap),
    "meetings": MeetingSitemap,
    "meetings-en": english(MeetingSitemap),
}


def section(request, section: str):
    """One section of the sitemap, as Django's view makes it (items, pages, headers, 404s) but
    written out directly: its template costs a millisecond per address, so 1,000 addresses would
    take longer to render than everything else the page does."""
    response = sitemap_views.sitemap(request, SITEMAPS, section)
    written = HttpResponse(urlset_xml(response.context_data["urlset"]), content_type="application/xml")
    for header, value in response.headers.items():
        if header.lower() != "content-type":
            written.headers[header] = value
    return written


def urlset_xml(urlset) -> str:
    """The XML of Django's `sitemap.xml` template for these addresses."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{url['lastmod']:%Y-%m-%d}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append("\n</urlset>\n")
    return "".join(parts)
