from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from announcements import registry

        registry.register()
