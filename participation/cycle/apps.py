from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "participation.cycle"
    label = "cycle"
    verbose_name = _("Participation plans")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.cycle import registry

        registry.register()
