from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "participation.overview"
    label = "overview"
    verbose_name = _("National overview")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.overview import registry

        registry.register()
