"""The sitemap: every public page in Thai and in English.

Announcements can number hundreds of thousands, so their sections are plain
querysets (one per language) that Django paginates in the database; Django's
own i18n sitemaps would build the whole list in memory first.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

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

    def lastmod(self, office):
        return office.updated_at


class LanguageSitemap(Sitemap):
    """One language's pages of a large table."""

    language = "th"
    limit = 5000

    def location(self, item):
        with translation.override(self.language):
            return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class AnnouncementSitemap(LanguageSitemap):
    changefreq = "weekly"

    def items(self):
        return Announcement.objects.live().filter(office__is_active=True).select_related("office").order_by("pk")


class MeetingSitemap(LanguageSitemap):
    changefreq = "weekly"

    def items(self):
        return Meeting.objects.public().filter(office__is_active=True).select_related("office").order_by("pk")


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
