"""What announcements add to the core's registries: a section, one of the workspace, a block on the
office's home, feedback topics, evidence of step 2 and the labels of their channels."""

from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, Channel
from participation.evidence import EvidenceItem, register_evidence_source, register_labels
from participation.navigation import register_home_block, register_section, register_workspace_section
from participation.topics import register_topic
from participation.vocabularies import CycleStep


def latest_for_office(office, count: int = 5):
    """The office's latest public announcements, for its home page."""
    return list(Announcement.objects.for_office(office).live().with_office().latest_first()[:count])


def announcement_title(office, pk: int):
    """The subject of a public announcement of the office, for feedback about it."""
    return Announcement.objects.for_office(office).public().filter(pk=pk).values_list("subject", flat=True).first()


def _evidence(announcements):
    return [
        EvidenceItem(
            source="announcements",
            item_id=item.pk,
            title=item.subject,
            url=item.get_absolute_url(),
            date=item.announced_on,
            level=item.participation_level,
            principles=list(item.principles),
            groups=[group.pk for group in item.target_groups.all()],
            details={"kind": item.kind, "channels": list(item.channels)},
        )
        for item in announcements
    ]


def announcements_of_year(office, fiscal_year):
    """Step 2's evidence: the office's public announcements dated in the fiscal year, with their channels."""
    items = (
        Announcement.objects.for_office(office)
        .live()
        .in_fiscal_year(fiscal_year)
        .with_office()
        .prefetch_related("target_groups")
        .order_by("announced_on")
    )
    return _evidence(items)


def announcements_by_id(office, ids):
    items = (
        Announcement.objects.for_office(office)
        .live()
        .filter(pk__in=ids)
        .with_office()
        .prefetch_related("target_groups")
    )
    return _evidence(items)


def channel_choices():
    return Channel.choices


def register() -> None:
    register_topic("announcement", announcement_title)
    register_evidence_source(
        key="announcements",
        label=_("Announcements"),
        step=CycleStep.PUBLISH,
        collect=announcements_of_year,
        find=announcements_by_id,
    )
    register_labels("channel", channel_choices)
    register_section(key="announcements", label=_("Announcements"), url_name="announcements:list", order=10)
    register_workspace_section(
        key="announcements", label=_("Announcements"), url_name="announcements:manage_list", order=10
    )
    register_home_block(
        key="announcements", template_name="announcements/_latest.html", items=latest_for_office, order=10
    )
