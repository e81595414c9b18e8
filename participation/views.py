from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from participation.access import access_public_office
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.models import StakeholderGroup
from participation.navigation import office_home_blocks, office_navigation
from participation.permissions import Ability, access_standing
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
    # What the user must be allowed to do in the office to open the page (see participation.permissions).
    required_ability = Ability.ACT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.standing = access_standing(request.user, kwargs[self.office_url_kwarg], self.required_ability)
        self.office = self.standing.office
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["manage_office"] = self.office
        context["standing"] = self.standing
        return context


class FilteredListMixin:
    """A list with a GET filter form: `filter_form_class` is bound to the query string, and the
    pagination links keep the filters (`filter_query`)."""

    filter_form_class = None

    def get_filters(self):
        if not hasattr(self, "_filters"):
            self._filters = self.filter_form_class(self.request.GET)
        return self._filters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filters=self.get_filters(), filter_query=query.urlencode())
        return context


class OfficeFormMixin:
    """A form made for the office in the URL; says so when nothing could be saved."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        if self.request.FILES:
            messages.warning(self.request, _("Browsers cannot keep chosen files: choose the pictures and files again."))
        return super().form_invalid(form)


class ConfirmActionView(FormView):
    """A state change: GET shows a confirmation (with a form when the action needs input); POST
    calls the service and redirects. A refusal re-displays the page with the reason and what was typed."""

    form_class = None
    title = button = explanation = ""
    button_class = "btn-primary"

    def get_form_class(self):
        return self.form_class or forms.Form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, explanation=self.explanation, button=self.button, button_class=self.button_class
        )
        return context

    def act(self, form) -> str:
        """Do the change; return where to go next."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            target = self.act(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        return redirect(target)
