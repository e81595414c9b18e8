"""Last year's approved summary as evidence of step 1. Registered in CycleConfig.ready()."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.cycle.models import YearSummary
from participation.evidence import EvidenceItem, register_evidence_source
from participation.vocabularies import CycleStep


def collect_last_summary(office, fiscal_year):
    summary = (
        YearSummary.objects.for_office(office)
        .approved()
        .of_year(fiscal_year - 1)
        .select_related("plan__office")
        .first()
    )
    if summary is None:
        return []
    return [
        EvidenceItem(
            source="last_summary",
            item_id=summary.pk,
            title=_("Approved summary of fiscal year %(year)d") % {"year": fiscal_year - 1},
            url=summary.get_absolute_url(),
            date=timezone.localtime(summary.approved_at).date() if summary.approved_at else None,
        )
    ]


def register():
    register_evidence_source(
        key="last_summary",
        label=gettext_lazy("Last year's summary"),
        step=CycleStep.REVIEW,
        collect=collect_last_summary,
    )
