from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "participation.groups"
    label = "groups"
    verbose_name = _("Working groups")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.groups import registry

        registry.register()
