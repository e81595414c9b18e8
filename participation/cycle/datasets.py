"""What the yearly cycle publishes as open data: each office's plans with their five steps, the
stakeholder analysis and the public links attached as evidence, and the approved yearly summaries.
Summaries still in draft, submitted or returned never leave, nor do internal evidence links."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from participation.cycle.models import EvidenceLink, Plan, PlanStep, StakeholderTarget, YearSummary
from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.vocabularies import CycleStep

STEP_COLUMNS = (
    Column("step", "code", _("Step of the cycle"), choices=CycleStep),
    Column("status", "code", _("How far it is"), choices=PlanStep.Status),
    Column("description", "text", _("What is done in this step")),
    Column("due_on", "date", _("Due date"), nullable=True),
    Column("responsible", "string", _("Who is responsible")),
)

TARGET_COLUMNS = (
    Column("group", "integer", _("Number of the stakeholder group (see the stakeholder groups dataset)")),
    Column("reason", "text", _("Why this group")),
    Column("channels", "string", _("How to reach them")),
)

LINK_COLUMNS = (
    Column("step", "code", _("Step of the cycle"), choices=CycleStep),
    Column("title", "string", _("Title")),
    Column("url", "string", _("Address of the evidence")),
)

PLAN_COLUMNS = (
    Column("id", "integer", _("Number of the plan, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("fiscal_year", "integer", _("Fiscal year (Buddhist era), 1 October to 30 September")),
    Column("steps", "list", _("The five steps"), columns=STEP_COLUMNS),
    Column("targets", "list", _("Step 1's stakeholder analysis: the groups targeted"), columns=TARGET_COLUMNS),
    Column(
        "evidence_links",
        "list",
        _("Public links attached as evidence; records (announcements, meetings, …) are in their own datasets"),
        columns=LINK_COLUMNS,
    ),
    Column("previous_summary", "integer", _("Number of last year's approved summary it starts from"), nullable=True),
    Column("url", "url", _("Public page of the year's cycle")),
    Column("updated_at", "datetime", _("Last change")),
)


def plans():
    public_links = EvidenceLink.objects.filter(detached=False, is_public=True).exclude(url="").order_by("pk")
    return Plan.objects.select_related("office", "previous_summary").prefetch_related(
        Prefetch("steps", queryset=PlanStep.objects.order_by("position")),
        Prefetch("targets", queryset=StakeholderTarget.objects.order_by("group__position", "pk")),
        Prefetch("evidence_links", queryset=public_links, to_attr="public_links"),
    )


def plan_row(plan: Plan) -> dict:
    previous = plan.previous_summary
    return {
        "id": plan.pk,
        "office": plan.office.slug,
        "fiscal_year": plan.fiscal_year,
        "steps": [
            {
                "step": step.step,
                "status": step.status,
                "description": step.description,
                "due_on": step.due_on,
                "responsible": step.responsible,
            }
            for step in plan.steps.all()
        ],
        "targets": [
            {"group": target.group_id, "reason": target.reason, "channels": target.channels}
            for target in plan.targets.all()
        ],
        "evidence_links": [{"step": link.step, "title": link.title, "url": link.url} for link in plan.public_links],
        "previous_summary": previous.pk if previous and previous.status == YearSummary.Status.APPROVED else None,
        "url": plan.get_absolute_url(),
        "updated_at": plan.updated_at,
    }


SUMMARY_COLUMNS = (
    Column("id", "integer", _("Number of the summary, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("fiscal_year", "integer", _("Fiscal year (Buddhist era), 1 October to 30 September")),
    Column("version", "integer", _("Version the director approved")),
    Column("analysis", "text", _("Analysis of the year")),
    Column("lessons", "text", _("Lessons learned")),
    Column("recommendations", "text", _("Recommendations for next year")),
    Column("figures", "object", _("The year's figures compiled from the records when it was submitted")),
    Column("approver_name", "string", _("Name of the director who approved it")),
    Column("approver_position", "string", _("Position of the director who approved it")),
    Column("approved_at", "datetime", _("Time it was approved")),
    Column("url", "url", _("Public page of the summary (printable)")),
    Column("updated_at", "datetime", _("Last change")),
)


def summary_row(summary: YearSummary) -> dict:
    return {
        "id": summary.pk,
        "office": summary.plan.office.slug,
        "fiscal_year": summary.plan.fiscal_year,
        "version": summary.version,
        "analysis": summary.analysis,
        "lessons": summary.lessons,
        "recommendations": summary.recommendations,
        "figures": summary.figures or {},
        "approver_name": summary.approver_name,
        "approver_position": summary.approver_position,
        "approved_at": summary.approved_at,
        "url": summary.get_absolute_url(),
        "updated_at": summary.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="plans",
            title=_("Participation plans"),
            description=_(
                "Each office's participation plan of a fiscal year: its five steps with their status, due date and "
                "who is responsible, the stakeholder groups targeted and the public links attached as evidence."
            ),
            columns=PLAN_COLUMNS,
            read=records_reader(plans, plan_row, fiscal_year=lambda queryset, year: queryset.filter(fiscal_year=year)),
            filters=frozenset({"office", "fiscal_year", "updated_since"}),
            frequency="weekly",
            keywords=("participation plan", "แผนการมีส่วนร่วม"),
            order=50,
        )
    )
    register_dataset(
        Dataset(
            key="summaries",
            title=_("Approved yearly summaries"),
            description=_(
                "The yearly participation summaries the offices' directors approved: the analysis, lessons, "
                "recommendations and figures of the year. Drafts and summaries awaiting approval never appear."
            ),
            columns=SUMMARY_COLUMNS,
            read=records_reader(
                lambda: YearSummary.objects.approved().select_related("plan__office"),
                summary_row,
                office_path="plan__office",
                fiscal_year=lambda queryset, year: queryset.of_year(year),
            ),
            filters=frozenset({"office", "fiscal_year", "updated_since"}),
            frequency="annual",
            keywords=("yearly summary", "รายงานสรุปผล", "ITA"),
            order=60,
        )
    )
