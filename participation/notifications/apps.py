from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "participation.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.notifications import registry

        registry.register()
