from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = pgettext_lazy("application name", "Participation")

    def ready(self):
        from participation.navigation import register_section

        register_section(key="meetings", label=_("Meetings"), url_name="participation:meetings", order=20)
        register_section(key="feedback", label=_("Feedback"), url_name="participation:feedback_new", order=30)
        register_section(key="plans", label=_("Participation plans"), url_name="participation:plans", order=40)
