"""What feedback publishes as open data: the answers offices chose to publish ("you said, we did"),
without the sender's name, contact details or message, and the feedback figures of each office
and fiscal year. Reports of misconduct never appear, not even as a count; spam is not counted."""

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, Filters, after_key, records_reader, register_dataset
from participation.feedback.models import Feedback
from participation.feedback.stats import ANSWERED, IN_TIME, PUBLIC_KINDS, countable, percent
from participation.fiscal import fiscal_year_range

ANSWER_COLUMNS = (
    Column("id", "integer", _("Number of the feedback, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column(
        "kind", "code", _("Opinion, suggestion, expectation, question, complaint or compliment"), choices=Feedback.Kind
    ),
    Column("subject", "string", _("Subject")),
    Column("received_on", "date", _("Date it was received")),
    Column("answered_at", "datetime", _("Time it was answered")),
    Column("answer", "text", _("The office's answer")),
    Column("updated_at", "datetime", _("Last change")),
)


ANSWER_FIELDS = ("id", "office", "kind", "subject", "received_on", "answered_at", "answer", "updated_at")


def answer_row(item: Feedback) -> dict:
    return {
        "id": item.pk,
        "office": item.office.slug,
        "kind": item.kind,
        "subject": item.subject,
        "received_on": item.received_on,
        "answered_at": item.answered_at,
        "answer": item.answer,
        "updated_at": item.updated_at,
    }


def in_fiscal_year(queryset, year: int):
    return queryset.in_period(*fiscal_year_range(year))


STATISTICS_COLUMNS = (
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("fiscal_year", "integer", _("Fiscal year (Buddhist era), 1 October to 30 September")),
    Column("received", "integer", _("Feedback received in the year (no spam, no reports of misconduct)")),
    Column("answered", "integer", _("Of those, answered")),
    Column("answered_in_time", "integer", _("Of those, answered by the promised reply date")),
    Column("in_time_percent", "number", _("Answered in time, in percent of what was answered"), nullable=True),
    *(
        Column(f"received_{kind.value}", "integer", format_lazy(_("Received of the kind: {kind}"), kind=kind.label))
        for kind in PUBLIC_KINDS
    ),
)

# The Buddhist-era fiscal year a date falls in, computed by the database: October starts the next one.
FISCAL_YEAR = (
    ExtractYear("received_on")
    + Value(543)
    + Case(When(received_on__month__gte=10, then=Value(1)), default=Value(0), output_field=IntegerField())
)


def read_statistics(*, filters: Filters, after, limit: int):
    """One row per office and fiscal year, counted in the database: a page is one grouped query."""
    queryset = countable(Feedback.objects.filter(office__is_active=True))
    if filters.office is not None:
        queryset = queryset.filter(office=filters.office)
    if filters.fiscal_year is not None:
        queryset = in_fiscal_year(queryset, filters.fiscal_year)
    by_kind = {f"received_{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in PUBLIC_KINDS}
    rows = (
        queryset.annotate(fiscal_year=FISCAL_YEAR)
        .filter(after_key(["office_id", "fiscal_year"], after))
        .values("office_id", "office__slug", "fiscal_year")
        .annotate(
            received=Count("pk"), answered=Count("pk", filter=ANSWERED), in_time=Count("pk", filter=IN_TIME), **by_kind
        )
        .order_by("office_id", "fiscal_year")[:limit]
    )
    return [
        (
            (row["office_id"], row["fiscal_year"]),
            {
                "office": row["office__slug"],
                "fiscal_year": row["fiscal_year"],
                "received": row["received"],
                "answered": row["answered"],
                "answered_in_time": row["in_time"],
                "in_time_percent": percent(row["in_time"], row["answered"]),
                **{name: row[name] for name in by_kind},
            },
        )
        for row in rows
    ]


def register() -> None:
    register_dataset(
        Dataset(
            key="feedback-answers",
            title=_("Published answers to feedback"),
            description=_(
                "What people asked and suggested and what the offices answered, for the answers the offices chose "
                "to publish. Without the name, contact details or message of who wrote; reports of misconduct "
                "never appear."
            ),
            columns=ANSWER_COLUMNS,
            read=records_reader(
                # Only the published columns are read: the message and contact details never leave the database.
                lambda: (
                    Feedback.objects.publicly_answered()
                    .select_related("office")
                    .only(*ANSWER_FIELDS, "office__slug", "office__is_active")
                ),
                answer_row,
                fiscal_year=in_fiscal_year,
            ),
            filters=frozenset({"office", "fiscal_year", "kind", "updated_since"}),
            kinds=Feedback.Kind,
            keywords=("feedback", "complaints", "ความคิดเห็น", "ข้อร้องเรียน"),
            order=40,
        )
    )
    register_dataset(
        Dataset(
            key="feedback-statistics",
            title=_("Feedback figures per fiscal year"),
            description=_(
                "For each office and fiscal year: feedback received, answered and answered by the promised date, "
                "and received by kind. Spam and reports of misconduct are not counted."
            ),
            columns=STATISTICS_COLUMNS,
            read=read_statistics,
            filters=frozenset({"office", "fiscal_year"}),
            key_length=2,
            keywords=("feedback", "statistics", "สถิติ"),
            order=45,
        )
    )
