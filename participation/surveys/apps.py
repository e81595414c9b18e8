from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "participation.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.surveys import registry

        registry.register()
