from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "participation.hearings"
    label = "hearings"
    verbose_name = _("Public hearings")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.hearings import registry

        registry.register()
