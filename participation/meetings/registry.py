"""What meetings add to the core's registries: a section, two of the workspace (meetings and their
follow-up actions), a block on the office's home, feedback topics and evidence of steps 3 and 4."""

from django.utils.translation import gettext_lazy as _

from participation.meetings import datasets, evidence, freshness, personaldata, search
from participation.meetings.models import Meeting
from participation.navigation import register_home_block, register_section, register_workspace_section
from participation.notices import UpdateItem, register_update_source
from participation.topics import register_topic


def meetings_for_home(office, count: int = 5):
    """Coming meetings first, then the latest past ones, for the office's home page."""
    meetings = Meeting.objects.for_office(office).public().with_totals()
    # Both lists are always read, so the page runs the same queries whatever there is.
    return (list(meetings.upcoming()[:count]) + list(meetings.past()[:count]))[:count]


def meeting_title(office, pk: int) -> str | None:
    """The title of a public meeting of the office, for feedback about it."""
    return Meeting.objects.for_office(office).public().filter(pk=pk).values_list("title", flat=True).first()


def meeting_update(office, pk: int) -> UpdateItem | None:
    """A public meeting still to come, as an update e-mail tells of it (None once cancelled, held or private)."""
    meeting = Meeting.objects.for_office(office).public().upcoming().select_related("office").filter(pk=pk).first()
    if meeting is None:
        return None
    where = meeting.venue or (_("Online") if meeting.online_url else "")
    return UpdateItem(
        title=meeting.title, url=meeting.get_absolute_url(), when=meeting.starts_at, summary=where, with_time=True
    )


def register() -> None:
    freshness.register()
    register_section(key="meetings", label=_("Meetings"), url_name="meetings:list", order=20)
    register_workspace_section(key="meetings", label=_("Meetings"), url_name="meetings:manage_list", order=20)
    register_workspace_section(
        key="follow_up", label=_("Follow-up actions"), url_name="meetings:manage_follow_up", order=25
    )
    register_home_block(key="meetings", template_name="meetings/public/_latest.html", items=meetings_for_home, order=20)
    register_topic("meeting", meeting_title)
    evidence.register()
    datasets.register()
    personaldata.register()
    search.register()
    register_update_source(key="meetings", label=_("Meetings"), order=20, find=meeting_update)
