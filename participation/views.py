from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from participation.access import access_public_office
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.models import StakeholderGroup
from participation.navigation import office_home_blocks, office_navigation, workspace_navigation
from participation.permissions import Ability, access_standing
from participation.uploads import protected_file_response
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


EMBLEM_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@require_safe
def office_emblem(request, office):
    """The office's emblem, printed at the top of its formal announcements (404 while it has none)."""
    office = access_public_office(office)
    extension = office.emblem.name.rsplit(".", 1)[-1].lower() if office.emblem else ""
    if extension not in EMBLEM_TYPES:
        raise Http404("No emblem")
    return protected_file_response(
        office.emblem, filename=f"emblem.{extension}", content_type=EMBLEM_TYPES[extension], inline=True
    )


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
    """For the workspace: the office in the URL, which the user must work for (404 otherwise).

    Its pages extend templates/manage/base.html, which shows the trail Workspace › office › section › …
    › this page, and the office's workspace sections. A view names its `section` (a key given to
    `register_workspace_section`) and its own place after it: `breadcrumb`, or `get_breadcrumbs()`,
    to which views of one record add the record first."""

    office_url_kwarg = "office"
    # What the user must be allowed to do in the office to open the page (see participation.permissions).
    required_ability = Ability.ACT
    section = ""
    breadcrumb = ""  # this page's label in the trail; empty on a section's first page

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        """The trail after the section: (label, address) pairs, the last one this page."""
        return [(self.breadcrumb, "")] if self.breadcrumb else []

    def get_sections(self) -> list[dict]:
        """The office's workspace sections this user may open (worked out once per request)."""
        if not hasattr(self, "_sections"):
            self._sections = workspace_navigation(self.standing)
        return self._sections

    def get_trail(self) -> list[tuple[str, str]]:
        """Workspace › office › section › the breadcrumbs, leaving out what has no label."""
        trail = [(_("Workspace"), reverse("manage:dashboard")), (self.office.short_name, "")]
        trail += [(e["label"], e["url"]) for e in self.get_sections() if e["key"] == self.section]
        return [(label, url) for label, url in trail + self.get_breadcrumbs() if label]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.standing = access_standing(request.user, kwargs[self.office_url_kwarg], self.required_ability)
        self.office = self.standing.office
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # TemplateView hands the URL's keywords to the template: the office's slug as `office` would
        # make the base layout draw the public office bar, empty (its name and link are the slug's).
        if isinstance(context.get(self.office_url_kwarg), str):
            del context[self.office_url_kwarg]
        trail = self.get_trail()
        sections = [dict(entry) for entry in self.get_sections()]
        for entry in sections:
            if entry["key"] == self.section:
                # aria-current: "page" on the section's first page (where the trail ends), "true" inside it.
                entry["current"] = "page" if trail[-1] == (entry["label"], entry["url"]) else "true"
        context.update(
            manage_office=self.office, standing=self.standing, workspace_sections=sections, breadcrumbs=trail
        )
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


class ConfirmActionView(OfficeStaffMixin, FormView):
    """A state change in the workspace: GET shows a confirmation (with a form when the action needs
    input); POST calls the service and redirects. A refusal re-displays the page with the reason and
    what was typed. Cancel leads back to the page the action belongs to (the trail's last link)."""

    template_name = "manage/confirm.html"
    form_class = None
    title = button = explanation = ""
    button_class = "btn-primary"
    cancel_label = gettext_lazy("Cancel")

    def get_form_class(self):
        return self.form_class or forms.Form

    def get_breadcrumbs(self):
        return [(self.title, "")]

    def get_subject(self) -> str:
        """What the action is about, shown under the title (empty: nothing shown)."""
        return ""

    def get_cancel_url(self) -> str:
        return next(url for _label, url in reversed(self.get_trail()[:-1]) if url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            explanation=self.explanation,
            button=self.button,
            button_class=self.button_class,
            subject=self.get_subject(),
            cancel_url=self.get_cancel_url(),
            cancel_label=self.cancel_label,
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
