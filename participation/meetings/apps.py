from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "participation.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.meetings import registry

        registry.register()
