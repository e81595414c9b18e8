from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from participation.navigation import register_home_block, register_section
        from participation.topics import register_topic

        register_topic("announcement", announcement_title)

        register_section(key="announcements", label=_("Announcements"), url_name="announcements:list", order=10)
        register_home_block(
            key="announcements",
            template_name="announcements/_latest.html",
            items=latest_for_office,
            order=10,
        )


def latest_for_office(office, count: int = 5):
    """The office's latest public announcements, for its home page."""
    from announcements.models import Announcement

    return list(Announcement.objects.for_office(office).live().with_office().latest_first()[:count])


def announcement_title(office, pk: int):
    """The subject of a public announcement of the office, for feedback about it."""
    from announcements.models import Announcement

    return Announcement.objects.for_office(office).public().filter(pk=pk).values_list("subject", flat=True).first()
