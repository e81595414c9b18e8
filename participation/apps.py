from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import pgettext_lazy

from participation.converters import OfficeSlugConverter


class ParticipationConfig(AppConfig):
    """The core: offices, people, vocabularies, the audit trail and the registries other apps fill in."""

    name = "participation"
    verbose_name = pgettext_lazy("application name", "Participation")

    def ready(self):
        # Every app's URLs name offices with <office:…>; registered before any URLconf loads.
        register_converter(OfficeSlugConverter, "office")

        from participation import freshness
        from participation.models import Office, StakeholderGroup

        freshness.register_public_pages("participation:office")
        freshness.watch_directory(Office)
        freshness.watch(StakeholderGroup, office=lambda group: group.office)

        from participation import storedfigures

        freshness.on_records_write(storedfigures.records_changed)

        from participation import officesearch

        officesearch.register()
