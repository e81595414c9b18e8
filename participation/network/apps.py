from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The stakeholder network: members of each group (personal data, workspace only)."""

    name = "participation.network"
    label = "network"
    verbose_name = _("Stakeholder network")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.network import registry

        registry.register()
