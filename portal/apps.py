from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from participation import freshness

        # The national pages: they change with any office's records (see participation.freshness).
        freshness.register_public_pages("privacy", "robots_txt", "sitemap", "django.contrib.sitemaps.views.sitemap")
        # The home with its office finder's answers too (`?office=` text, `?province=`).
        freshness.register_public_pages("home", query=("office", "province"))


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's own site, kept to each person's offices (portal.adminsite)."""

    default = False  # "portal" alone still means PortalConfig

    default_site = "portal.adminsite.PortalAdminSite"
