"""What announcements add to the core's registries: a section, one of the workspace, a block on the
office's home, feedback topics, evidence of step 2 and the labels of their channels."""

from django.utils.translation import gettext_lazy as _

from announcements import datasets, evidence, freshness, oit, search
from announcements.models import Announcement, Channel
from participation.evidence import register_labels
from participation.navigation import register_home_block, register_section, register_workspace_section
from participation.topics import register_topic


def latest_for_office(office, count: int = 5):
    """The office's latest public announcements, for its home page."""
    return list(Announcement.objects.for_office(office).live().with_office().latest_first()[:count])


def announcement_title(office, pk: int):
    """The subject of a public announcement of the office, for feedback about it."""
    return Announcement.objects.for_office(office).public().filter(pk=pk).values_list("subject", flat=True).first()


def channel_choices():
    return Channel.choices


def register() -> None:
    freshness.register()
    oit.register()
    register_topic("announcement", announcement_title)
    evidence.register()
    datasets.register()
    register_labels("channel", channel_choices)
    register_section(key="announcements", label=_("Announcements"), url_name="announcements:list", order=10)
    register_workspace_section(
        key="announcements", label=_("Announcements"), url_name="announcements:manage_list", order=10
    )
    register_home_block(
        key="announcements", template_name="announcements/_latest.html", items=latest_for_office, order=10
    )
    search.register()
