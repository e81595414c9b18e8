from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from participation.navigation import register_section

        register_section(key="announcements", label=_("Announcements"), url_name="announcements:list", order=10)
