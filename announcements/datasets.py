"""What announcements publish as open data: every public announcement and news item, with its
attachments' public addresses. Drafts and what is scheduled for later never leave; withdrawn
items stay, marked withdrawn with the reason, as on their public page."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, Attachment, Channel
from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

ATTACHMENT_COLUMNS = (
    Column("id", "integer", _("Number of the file")),
    Column("name", "string", _("File name")),
    Column("content_type", "string", _("Media type of the file, e.g. application/pdf")),
    Column("size", "integer", _("Size in bytes")),
    Column("url", "url", _("Public address of the file")),
)

COLUMNS = (
    Column("id", "integer", _("Number of the announcement, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("kind", "code", _("Formal announcement, news, press release, or plan or report"), choices=Announcement.Kind),
    Column("number", "string", _("Number of a formal announcement, e.g. 12/2568")),
    Column("subject", "string", _("Subject")),
    Column("summary", "text", _("Summary in one or two sentences")),
    Column("body", "text", _("Text of the announcement (Markdown)")),
    Column("announced_on", "date", _("Date of the announcement")),
    Column("published_at", "datetime", _("Time it was published")),
    Column("status", "code", _("Published, or withdrawn (the page stays, marked)"), choices=Announcement.Status),
    Column("withdrawn_at", "datetime", _("Time it was withdrawn"), nullable=True),
    Column("withdrawal_reason", "text", _("Why it was withdrawn")),
    Column("signer_name", "string", _("Name of who signed it")),
    Column("signer_position", "string", _("Position of who signed it")),
    Column("channels", "list", _("Channels it went out through"), item="code", choices=Channel),
    Column("participation_level", "code", _("Participation level"), choices=ParticipationLevel),
    Column("principles", "list", _("Good-governance principles it serves"), item="code", choices=GovernancePrinciple),
    Column("target_groups", "list", _("Numbers of the stakeholder groups it is meant for"), item="integer"),
    Column("attachments", "list", _("Attached files"), columns=ATTACHMENT_COLUMNS),
    Column("url", "url", _("Public page of the announcement")),
    Column("updated_at", "datetime", _("Last change")),
)


def records():
    return (
        Announcement.objects.public()
        .select_related("office")
        .prefetch_related(
            "target_groups",
            Prefetch("attachments", queryset=Attachment.objects.select_related("announcement__office")),
        )
    )


def row(item: Announcement) -> dict:
    return {
        "id": item.pk,
        "office": item.office.slug,
        "kind": item.kind,
        "number": item.number,
        "subject": item.subject,
        "summary": item.summary,
        "body": item.body,
        "announced_on": item.announced_on,
        "published_at": item.published_at,
        "status": item.effective_status,
        "withdrawn_at": item.withdrawn_at if item.is_withdrawn else None,
        "withdrawal_reason": item.withdrawal_reason if item.is_withdrawn else "",
        "signer_name": item.signer_name,
        "signer_position": item.signer_position,
        "channels": [value for value in item.channels if value in Channel.values],
        "participation_level": item.participation_level,
        "principles": [value for value in item.principles if value in GovernancePrinciple.values],
        "target_groups": sorted(group.pk for group in item.target_groups.all()),
        "attachments": [
            {
                "id": attachment.pk,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "url": attachment.get_absolute_url(),
            }
            for attachment in item.attachments.all()
        ],
        "url": item.get_absolute_url(),
        "updated_at": item.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="announcements",
            title=_("Announcements and news"),
            description=_(
                "Every published announcement, news item, press release and plan or report of the offices, "
                "with the addresses of their attached files. Withdrawn items stay, marked withdrawn."
            ),
            columns=COLUMNS,
            read=records_reader(records, row, fiscal_year=lambda queryset, year: queryset.in_fiscal_year(year)),
            filters=frozenset({"office", "fiscal_year", "kind", "updated_since"}),
            kinds=Announcement.Kind,
            keywords=("announcements", "news", "ประกาศ", "ข่าวประชาสัมพันธ์"),
            order=20,
        )
    )
