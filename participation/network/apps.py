from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The stakeholder network: members of each group (personal data, workspace only)."""

    name = "participation.network"
    label = "network"
    verbose_name = _("Stakeholder network")
