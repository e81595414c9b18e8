from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "participation.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.opendata import registry

        registry.register()
