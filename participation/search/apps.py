from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "participation.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from participation.search import registry

        registry.register()
