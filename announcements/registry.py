"""What announcements add to the core's registries: a section, one of the workspace, a block on the
office's home, feedback topics, evidence of step 2 and the labels of their channels."""

from django.utils.translation import gettext_lazy as _

from announcements import datasets, evidence, freshness, oit, search
from announcements.models import Announcement, Channel
from participation.evidence import register_labels
from participation.navigation import register_home_block, register_section, register_workspace_section
from participation.notices import UpdateItem, register_update_source
from participation.topics import register_topic


def latest_for_office(office, count: int = 5):
    """The office's latest public announcements, for its home page."""
    return list(Announcement.objects.for_office(office).live().with_office().latest_first()[:count])


def announcement_title(office, pk: int):
    """The subject of a public announcement of the office, for feedback about it."""
    return Announcement.objects.for_office(office).public().filter(pk=pk).values_list("subject", flat=True).first()


def announcement_update(office, pk: int) -> UpdateItem | None:
    """A live announcement of the office as an update e-mail tells of it (None once withdrawn, or before its time)."""
    item = Announcement.objects.for_office(office).live().with_office().filter(pk=pk).first()
    if item is None:
        return None
    return UpdateItem(title=item.subject, url=item.get_absolute_url(), when=item.announced_on, summary=item.summary)


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
    register_update_source(key="announcements", label=_("Announcements"), order=10, find=announcement_update)
