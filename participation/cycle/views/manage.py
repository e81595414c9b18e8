"""The workspace of the yearly cycle: plans, steps, the stakeholder analysis, evidence, the summary
with its versions, the director's approval queue and decisions, and the audit trail.

Like the public pages, no page loads every record of a year: the plan shows each step's counts
and first records, a step's evidence comes a page at a time, and a record of another year is
found by its title rather than picked from a list of them all."""

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from participation import evidence as evidence_registry
from participation.cycle import services
from participation.cycle.compare import compare_versions
from participation.cycle.forms import (
    ApproveForm,
    EvidenceSearchForm,
    LinkForm,
    PlanCreateForm,
    ReturnForm,
    StepForm,
    SummaryForm,
)
from participation.cycle.models import Plan, PlanStep, YearSummary
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import PlanEvidence
from participation.fiscal import current_fiscal_year
from participation.models import AuditEvent, StakeholderGroup
from participation.pagination import PageWindow, page_number
from participation.permissions import Ability
from participation.thai import fiscal_year_label
from participation.views import ConfirmActionView, OfficeStaffMixin


class PlanMixin(OfficeStaffMixin):
    """The plan of the fiscal year in the URL, of the user's office (404 otherwise)."""

    section = "plans"

    def get_breadcrumbs(self):
        plan = self.get_plan()
        year = _("Fiscal year %(year)s") % {"year": plan.fiscal_year}
        return [(year, plan.get_manage_url()), *super().get_breadcrumbs()]

    def get_plan(self) -> Plan:
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                Plan.objects.for_office(self.office).select_related("office", "summary", "previous_summary__plan"),
                fiscal_year=self.kwargs["year"],
            )
        return self._plan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        context["summary"] = self.get_plan().summary
        return context


class PlansView(OfficeStaffMixin, FormView):
    template_name = "cycle/manage/plans.html"
    section = "plans"
    form_class = PlanCreateForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = list(Plan.objects.for_office(self.office).select_related("summary").order_by("-fiscal_year"))
        return context

    def form_valid(self, form):
        try:
            plan = services.plan_create(
                office=self.office, fiscal_year=form.cleaned_data["fiscal_year"], actor=self.request.user
            )
        except ValidationError as error:
            form.add_error("fiscal_year", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan is open, with its five steps."))
        return redirect(plan.get_manage_url())


FIRST_RECORDS = 5  # records of each step on the plan's page
STEP_PAGE_SIZE = 20  # records on each page of a step's evidence
SEARCH_LIMIT = 20  # records a search of the years around the plan's shows


def _with_source_keys(step: str, items) -> list[dict]:
    """Items with the key of the source that collected them, which leaving one out names (hearings
    and meetings give items of one kind, "meetings", but are two sources of two steps)."""
    keys = {
        registered.item_source: registered.key for registered in evidence_registry.sources() if registered.step == step
    }
    return [{"item": item, "source": keys.get(item.source, item.source)} for item in items]


class PlanView(PlanMixin, TemplateView):
    """The plan's workspace: each step with its counts and first records, and the year's coverage,
    counted in the database (`PlanEvidence`), so the page costs the same whatever the records."""

    template_name = "cycle/manage/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        evidence = PlanEvidence(plan)
        steps = []
        for step in plan.steps.all():
            public, internal = evidence.counts(step.step)
            first = evidence.page(step.step, limit=FIRST_RECORDS, public_only=False)
            steps.append(
                {
                    "step": step,
                    "evidence": _with_source_keys(step.step, first),
                    "public": public,
                    "internal": internal,
                    "more": public + internal - len(first),
                    "searchable": bool(evidence_registry.searchable(step.step)),
                }
            )
        context.update(
            steps=steps,
            coverage=coverage(plan, tallies=evidence.year()),
            link_form=kwargs.get("link_form") or LinkForm(),
        )
        return context


class StepMixin(PlanMixin):
    """A step of the plan in the URL (404 for a step that is not one of the five)."""

    def get_step(self) -> PlanStep:
        if not hasattr(self, "_step"):
            self._step = get_object_or_404(PlanStep, plan=self.get_plan(), step=self.kwargs["step"])
        return self._step

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step"] = self.get_step()
        return context


class StepView(StepMixin, FormView):
    template_name = "cycle/manage/step.html"
    form_class = StepForm

    @property
    def breadcrumb(self):
        return self.get_step().get_step_display()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_step()
        return kwargs

    def form_valid(self, form):
        services.plan_step_update(step=self.get_step(), actor=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("Step saved."))
        return redirect(self.get_plan().get_manage_url())


class StepEvidenceView(StepMixin, TemplateView):
    """Every record of one step, internal ones too, page by page with staff's actions (what staff
    attached first, then each source's records, latest first), and a search by title of the years
    around the plan's for a record to attach. One page and at most SEARCH_LIMIT records found are
    fetched, whatever the office holds."""

    template_name = "cycle/manage/step_evidence.html"

    @property
    def breadcrumb(self):
        step = self.get_step()
        return _("Evidence of step %(number)s: %(name)s") % {"number": step.position, "name": step.get_step_display()}

    def get(self, request, *args, **kwargs):
        self.evidence = PlanEvidence(self.get_plan())
        self.counts = self.evidence.counts(self.get_step().step)
        self.pages = max(1, math.ceil(sum(self.counts) / STEP_PAGE_SIZE))
        self.number = page_number(request)
        if self.number > self.pages:
            # Past the end, as after leaving out the last record of the last page: its last page.
            query = request.GET.copy()
            query["page"] = self.pages
            return redirect(f"{request.path}?{query.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, step = self.get_plan(), self.get_step()
        public, internal = self.counts
        offset = (self.number - 1) * STEP_PAGE_SIZE
        items = self.evidence.page(step.step, offset=offset, limit=STEP_PAGE_SIZE, public_only=False)
        window = PageWindow(number=self.number, has_more=self.number < self.pages, num_pages=self.pages)
        form = EvidenceSearchForm(self.request.GET)
        text = form.cleaned_data["q"].strip() if form.is_valid() else ""
        years = (plan.fiscal_year - 1, plan.fiscal_year + 1)
        context.update(
            evidence=_with_source_keys(step.step, items),
            public=public,
            internal=internal,
            page_obj=window,
            is_paginated=window.has_other_pages(),
            first_number=offset + 1,
            filter_query=urlencode({"q": text}) if text else "",
            searchable=bool(evidence_registry.searchable(step.step)),
            search_form=form,
            searched=text,
            years=years,
            found=self.found(step.step, text, years) if text else [],
            search_limit=SEARCH_LIMIT,
        )
        return context

    def found(self, step: str, text: str, years) -> list[dict]:
        """What the search found, each with the value the attach form posts; those attached already marked."""
        attached = {item.key for item in self.evidence.attached(step)}
        found = evidence_registry.search(self.office, step=step, fiscal_years=years, text=text, limit=SEARCH_LIMIT)
        return [
            {
                "item": item,
                "label": registered.label,
                "record": f"{step}|{registered.key}|{item.item_id}",
                "attached": item.key in attached,
            }
            for registered, item in found
        ]


class TargetsView(PlanMixin, TemplateView):
    """Step 1's stakeholder analysis: which groups, why, and through which channels."""

    template_name = "cycle/manage/targets.html"
    breadcrumb = gettext_lazy("Stakeholder analysis")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = {target.group_id: target for target in self.get_plan().targets.all()}
        context["rows"] = [
            {"group": group, "target": current.get(group.pk)}
            for group in StakeholderGroup.objects.for_office(self.office)
        ]
        return context

    def post(self, request, *args, **kwargs):
        chosen = []
        for group in StakeholderGroup.objects.for_office(self.office):
            if request.POST.get(f"target-{group.pk}"):
                reason = request.POST.get(f"reason-{group.pk}", "")[:2000]
                channels = request.POST.get(f"channels-{group.pk}", "")[:300]
                chosen.append((group, reason, channels))
        services.plan_targets_set(plan=self.get_plan(), actor=request.user, targets=chosen)
        messages.success(request, _("The stakeholder analysis is saved."))
        return redirect(self.get_plan().get_manage_url())


def record_id(value, *, required: bool = False) -> int | None:
    """A database id from a form, within what the database can hold; anything else is refused."""
    if value in (None, "") and not required:
        return None
    if not str(value).isdigit() or not 0 < int(value) < 2**63:
        raise ValidationError(_("That record cannot be found in this office."))
    return int(value)


class EvidenceActionView(PlanMixin, View):
    """A change to the plan's evidence: POST only, back with what happened to the page of the plan
    it was made on (`next`, e.g. a step's evidence), or to the plan."""

    http_method_names = ["post"]

    def change(self, plan) -> None:
        raise NotImplementedError

    def get_success_url(self, plan) -> str:
        back = self.request.POST.get("next", "")
        if back.startswith(plan.get_manage_url()) and url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return back
        return plan.get_manage_url()

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        try:
            self.change(plan)
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Evidence updated."))
        return redirect(self.get_success_url(plan))


class EvidenceAttachView(EvidenceActionView):
    """Attach a record of another year (or one the sources did not collect) to a step."""

    def change(self, plan):
        step, source, item_id = (self.request.POST.get("record", "") + "||").split("|")[:3]
        services.evidence_attach(
            plan=plan, actor=self.request.user, step=step, source=source, item_id=record_id(item_id, required=True)
        )


class EvidenceDetachView(EvidenceActionView):
    """Leave a collected record out of a step, or remove a record or link attached by hand."""

    def change(self, plan):
        post = self.request.POST
        services.evidence_detach(
            plan=plan,
            actor=self.request.user,
            step=post.get("step", ""),
            source=post.get("source", ""),
            item_id=record_id(post.get("item")),
            link_id=record_id(post.get("link")),
        )


class EvidenceLinkView(EvidenceActionView):
    """Add evidence that lives elsewhere; a refused link shows the plan again with what was typed."""

    def post(self, request, *args, **kwargs):
        form = LinkForm(request.POST)
        if form.is_valid():
            self.link = form.cleaned_data
            return super().post(request, *args, **kwargs)
        view = PlanView()
        view.setup(request, *args, **kwargs)
        view.office, view.standing, view._plan = self.office, self.standing, self.get_plan()
        return view.render_to_response(view.get_context_data(link_form=form), status=400)

    def change(self, plan):
        data = self.link
        services.evidence_add_link(
            plan=plan,
            actor=self.request.user,
            step=data["step"],
            title=data["title"],
            url=data["url"],
            public=data["public"],
        )


class SummaryView(PlanMixin, FormView):
    template_name = "cycle/manage/summary.html"
    form_class = SummaryForm
    breadcrumb = gettext_lazy("Yearly summary")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_plan().summary
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = self.get_plan().summary
        # While it can change, show the figures as the records stand today; once submitted, as kept.
        context["figures"] = compile_figures(self.get_plan()) if summary.is_editable else summary.figures
        return context

    def form_valid(self, form):
        try:
            services.summary_save(summary=self.get_plan().summary, actor=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Summary saved."))
        return redirect("cycle:manage_summary", office=self.office.slug, year=self.get_plan().fiscal_year)


class SummaryMixin(PlanMixin):
    """Pages under the plan's yearly summary."""

    def summary_url(self):
        return self.get_plan().get_manage_url() + "summary/"

    def get_breadcrumbs(self):
        plan, *page = super().get_breadcrumbs()
        return [plan, (SummaryView.breadcrumb, self.summary_url()), *page]


class SummaryActionView(SummaryMixin, ConfirmActionView):
    def get_subject(self):
        return fiscal_year_label(self.get_plan().fiscal_year)


class SubmitView(SummaryActionView):
    title = button = gettext_lazy("Submit to the director")
    explanation = gettext_lazy("The text and the figures as they are now are kept as a version for the director.")

    def act(self, form):
        services.summary_submit(summary=self.get_plan().summary, actor=self.request.user)
        messages.success(self.request, _("Submitted. The director sees it in the approval queue."))
        return self.summary_url()


class ApproveView(SummaryActionView):
    form_class = ApproveForm
    required_ability = Ability.DECIDE
    title = button = gettext_lazy("Approve the summary")
    explanation = gettext_lazy("Approval locks the summary, publishes it and opens next year's plan with it.")

    def get_initial(self):
        return {
            "name": self.office.director_name or self.request.user.get_full_name(),
            "position": self.office.director_position,
        }

    def act(self, form):
        services.summary_approve(
            summary=self.get_plan().summary,
            actor=self.request.user,
            name=form.cleaned_data["name"],
            position=form.cleaned_data["position"],
        )
        messages.success(self.request, _("Approved and published. Next year's plan is open."))
        return self.summary_url()


class ReturnView(SummaryActionView):
    form_class = ReturnForm
    required_ability = Ability.DECIDE
    title = button = gettext_lazy("Return with comments")
    button_class = "btn-warning"

    def act(self, form):
        services.summary_return(
            summary=self.get_plan().summary, actor=self.request.user, comment=form.cleaned_data["comment"]
        )
        messages.success(self.request, _("Returned to staff with your comments."))
        return self.summary_url()


class VersionsView(SummaryMixin, TemplateView):
    """Every submitted version, with what changed from the one before."""

    template_name = "cycle/manage/versions.html"
    breadcrumb = gettext_lazy("Versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(self.get_plan().summary.versions.select_related("submitted_by", "decided_by"))
        fields = [(field, YearSummary._meta.get_field(field).verbose_name) for field in services.TEXT_FIELDS]
        rows = []
        for index, version in enumerate(versions):
            previous = versions[index + 1] if index + 1 < len(versions) else None
            changes = compare_versions(previous.snapshot, version.snapshot, fields) if previous else []
            rows.append({"version": version, "previous": previous, "changes": changes})
        context["rows"] = rows
        return context


class AuditView(PlanMixin, TemplateView):
    template_name = "cycle/manage/audit.html"
    breadcrumb = gettext_lazy("Audit trail")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = list(AuditEvent.objects.about(self.get_plan())[:500])
        return context


class ApprovalsView(OfficeStaffMixin, TemplateView):
    """The director's desk: summaries awaiting approval, returned and approved, and this year's coverage."""

    template_name = "cycle/manage/approvals.html"
    section = "approvals"
    required_ability = Ability.DECIDE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summaries = list(
            YearSummary.objects.for_office(self.office).select_related("plan__office").order_by("-plan__fiscal_year")
        )
        current = Plan.objects.for_office(self.office).filter(fiscal_year=current_fiscal_year()).first()
        context.update(
            waiting=[s for s in summaries if s.status == YearSummary.Status.SUBMITTED],
            returned=[s for s in summaries if s.status == YearSummary.Status.RETURNED],
            approved=[s for s in summaries if s.status == YearSummary.Status.APPROVED],
            current_plan=current,
            coverage=coverage(current) if current else None,
        )
        return context
