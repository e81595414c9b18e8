from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = pgettext_lazy("application name", "Participation")

    def ready(self):
        from django.urls import register_converter

        from participation.converters import OfficeSlugConverter
        from participation.navigation import register_home_block, register_section

        # Every app's URLs name offices with <office:…>; registered before any URLconf loads.
        register_converter(OfficeSlugConverter, "office")

        register_section(key="meetings", label=_("Meetings"), url_name="participation:meetings", order=20)
        register_section(
            key="feedback",
            label=pgettext_lazy("office navigation", "Feedback"),
            url_name="participation:feedback_new",
            order=30,
        )
        register_section(key="plans", label=_("Participation plans"), url_name="participation:plans", order=40)
        from participation import evidence_sources
        from participation.topics import meeting_title, plan_title, register_topic

        evidence_sources.register()

        register_topic("meeting", meeting_title)
        register_topic("plan", plan_title)
        register_home_block(
            key="meetings", template_name="participation/meetings/_latest.html", items=meetings_for_home, order=20
        )


def meetings_for_home(office, count: int = 5):
    """Coming meetings first, then the latest past ones, for the office's home page."""
    from participation.models import Meeting

    meetings = Meeting.objects.for_office(office).public().with_totals()
    # Both lists are always read, so the page runs the same queries whatever there is.
    return (list(meetings.upcoming()[:count]) + list(meetings.past()[:count]))[:count]
