from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class FeedbackConfig(AppConfig):
    name = "participation.feedback"
    label = "feedback"
    verbose_name = pgettext_lazy("application name", "Feedback")

    def ready(self):
        # What this app offers the core's registries; imported here because models load first.
        from participation.feedback import registry

        registry.register()
