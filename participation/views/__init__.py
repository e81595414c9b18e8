from django.contrib.auth.views import redirect_to_login
from django.views.generic import TemplateView

from participation.access import access_office_membership, access_public_office
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.models import StakeholderGroup
from participation.navigation import office_home_blocks, office_navigation
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
            home_blocks=office_home_blocks(self.office),
            parent_office=self.office.parent if self.office.parent_id and self.office.parent.is_active else None,
        )
        return context


class OfficeStaffMixin:
    """For the workspace: the office in the URL, which the user must work for (404 otherwise)."""

    office_url_kwarg = "office"
    require_director = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.membership = access_office_membership(
            request.user, kwargs[self.office_url_kwarg], director=self.require_director
        )
        self.office = self.membership.office
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["manage_office"] = self.office
        context["membership"] = self.membership
        return context
