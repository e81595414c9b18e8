from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from announcements.models import Announcement
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


class AnnouncementSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Announcement.objects.live().filter(office__is_active=True).with_office().order_by("pk")

    def lastmod(self, announcement):
        return announcement.updated_at


SITEMAPS = {"pages": StaticSitemap, "offices": OfficeSitemap, "announcements": AnnouncementSitemap}
