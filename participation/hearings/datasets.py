"""What hearings publish as open data: every hearing that was opened, with its published comments
counted by stakeholder group and, once the report is published, the themes heard and the office's
response to each. Drafts never leave, nor do the comments themselves, their authors' e-mail
addresses, or comments awaiting moderation or not published."""

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.hearings.models import Hearing, HearingComment, HearingTheme
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

COMMENT_COLUMNS = (
    Column(
        "group",
        "integer",
        _("Number of the stakeholder group (see the stakeholder groups dataset); empty when the person did not say"),
        nullable=True,
    ),
    Column("group_name", "string", _("Name of the group in Thai")),
    Column("group_name_en", "string", _("Name of the group in English")),
    Column("comments", "integer", _("Published comments of the group")),
)

THEME_COLUMNS = (
    Column("title", "string", _("Theme")),
    Column("summary", "text", _("What people said")),
    Column("response", "text", _("The office's response")),
)

COLUMNS = (
    Column("id", "integer", _("Number of the hearing, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("title", "string", _("Title")),
    Column("purpose", "text", _("What the draft is and what the office will decide with it")),
    Column("questions", "list", _("Questions put to the public"), item="string"),
    Column("status", "code", _("Open for comment, closed, or report published"), choices=Hearing.Status),
    Column("opens_at", "datetime", _("Opens for comment")),
    Column("closes_at", "datetime", _("Closes")),
    Column("short_window_reason", "text", _("Why it is open for less than 15 days")),
    Column("channels", "list", _("Channels through which comments are heard"), item="code", choices=Hearing.Channel),
    Column("participation_level", "code", _("Participation level"), choices=ParticipationLevel),
    Column("principles", "list", _("Good-governance principles it serves"), item="code", choices=GovernancePrinciple),
    Column("target_groups", "list", _("Numbers of the stakeholder groups it is meant for"), item="integer"),
    Column("published_comments", "integer", _("Comments published, all groups")),
    Column("comments_by_group", "list", _("Published comments by stakeholder group"), columns=COMMENT_COLUMNS),
    Column("reported_at", "datetime", _("Time the report was published (empty until then)"), nullable=True),
    Column("report_summary", "text", _("Summary of what was heard (once reported)")),
    Column("changes_summary", "text", _("What changed in the draft (once reported)")),
    Column("themes", "list", _("Themes heard, with the office's response (once reported)"), columns=THEME_COLUMNS),
    Column("url", "url", _("Public page of the hearing")),
    Column("report_url", "url", _("Public page of the report (empty until reported)"), nullable=True),
    Column("updated_at", "datetime", _("Last change")),
)


def records():
    return (
        Hearing.objects.public()
        .select_related("office")
        .prefetch_related(
            "target_groups",
            Prefetch("themes", queryset=HearingTheme.objects.order_by("position", "pk")),
        )
    )


def count_comments(hearings: list[Hearing]) -> None:
    """The published comments of a page of hearings, counted by group in one query."""
    counts = defaultdict(list)
    rows = (
        HearingComment.objects.published()
        .filter(hearing__in=[hearing.pk for hearing in hearings])
        .order_by()
        .values("hearing_id", "group_id", "group__name", "group__name_en", "group__position")
        .annotate(n=Count("pk"))
    )
    for entry in sorted(rows, key=lambda entry: (entry["group__position"] is None, entry["group__position"] or 0)):
        counts[entry["hearing_id"]].append(
            {
                "group": entry["group_id"],
                "group_name": entry["group__name"] or "",
                "group_name_en": entry["group__name_en"] or "",
                "comments": entry["n"],
            }
        )
    for hearing in hearings:
        hearing.published_by_group = counts.get(hearing.pk, [])


def row(hearing: Hearing) -> dict:
    reported = hearing.status == Hearing.Status.REPORTED
    by_group = getattr(hearing, "published_by_group", [])
    return {
        "id": hearing.pk,
        "office": hearing.office.slug,
        "title": hearing.title,
        "purpose": hearing.purpose,
        "questions": [str(question) for question in hearing.questions or []],
        "status": hearing.status,
        "opens_at": hearing.opens_at,
        "closes_at": hearing.closes_at,
        "short_window_reason": hearing.short_window_reason if hearing.is_short else "",
        "channels": [value for value in hearing.channels or [] if value in Hearing.Channel.values],
        "participation_level": hearing.participation_level,
        "principles": [value for value in hearing.principles or [] if value in GovernancePrinciple.values],
        "target_groups": sorted(group.pk for group in hearing.target_groups.all()),
        "published_comments": sum(entry["comments"] for entry in by_group),
        "comments_by_group": by_group,
        "reported_at": hearing.reported_at if reported else None,
        "report_summary": hearing.report_summary if reported else "",
        "changes_summary": hearing.changes_summary if reported else "",
        "themes": [
            {"title": theme.title, "summary": theme.summary, "response": theme.response}
            for theme in hearing.themes.all()
        ]
        if reported
        else [],
        "url": hearing.get_absolute_url(),
        "report_url": hearing.get_report_url() if reported else None,
        "updated_at": hearing.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="hearings",
            title=_("Public hearings"),
            description=_(
                "Drafts the offices put to the public for comment, with the published comments counted by "
                "stakeholder group and, once the report is published, the themes heard and the office's response "
                "to each. The comments' authors and their contact details are never published."
            ),
            columns=COLUMNS,
            read=records_reader(
                records,
                row,
                fiscal_year=lambda queryset, year: queryset.in_fiscal_year(year),
                prepare=count_comments,
            ),
            filters=frozenset({"office", "fiscal_year", "updated_since"}),
            keywords=("hearings", "comments", "การรับฟังความคิดเห็น", "การมีส่วนร่วม"),
            order=35,
        )
    )
