from django.views.generic import TemplateView

from participation.access import access_public_office
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.models import StakeholderGroup
from participation.navigation import office_navigation
from participation.vocabularies import CYCLE_STEP_DESCRIPTIONS, CycleStep


class OfficeMixin:
    """Resolve the office named in the URL once, for the view and its template."""

    office_url_kwarg = "office"

    def dispatch(self, request, *args, **kwargs):
        self.office = access_public_office(kwargs[self.office_url_kwarg])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["office"] = self.office
        context["office_nav"] = office_navigation(self.office)
        return context


class OfficeHomeView(OfficeMixin, TemplateView):
    template_name = "participation/office_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fiscal_year = current_fiscal_year()
        context.update(
            fiscal_year=fiscal_year,
            fiscal_year_start=fiscal_year_range(fiscal_year)[0],
            fiscal_year_end=fiscal_year_range(fiscal_year)[1],
            cycle_steps=[
                {"number": number, "step": step, "description": CYCLE_STEP_DESCRIPTIONS[step]}
                for number, step in enumerate(CycleStep, start=1)
            ],
            stakeholder_groups=StakeholderGroup.objects.for_office(self.office),
            parent_office=self.office.parent if self.office.parent_id and self.office.parent.is_active else None,
        )
        return context
