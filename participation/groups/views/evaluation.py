"""The workspace of a group's evaluation: criteria, scores per member and year, awards and their certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from participation.groups import services
from participation.groups.forms import (
    AwardForm,
    CriterionForm,
    ScoreForm,
    YearForm,
)
from participation.groups.models import (
    Award,
    Score,
    ranked,
)
from participation.groups.views.manage import ClosedRefusalMixin, ManageGroupMixin, add_errors
from participation.views import OfficeFormMixin


class CriteriaView(ClosedRefusalMixin, ManageGroupMixin, FormView):
    template_name = "groups/manage/criteria.html"
    form_class = CriterionForm
    breadcrumb = gettext_lazy("Evaluation criteria")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["criteria"] = list(self.get_group().criteria.all())
        return context

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        try:
            services.criterion_add(group=self.get_group(), actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The criterion is added."))
        return redirect("groups:manage_criteria", office=self.office.slug, pk=self.get_group().pk)


class ScoresView(ManageGroupMixin, TemplateView):
    """Each current member's score on each criterion in one fiscal year (?year=), with their total."""

    template_name = "groups/manage/scores.html"
    breadcrumb = gettext_lazy("Evaluation")

    def get_year(self) -> int:
        return YearForm(self.request.GET).fiscal_year()

    def get_grid(self, data=None):
        group, year = self.get_group(), self.get_year()
        members = ranked(group.members.current())
        criteria = list(group.criteria.all())
        scores = {
            (score.member_id, score.criterion_id): score.score
            for score in Score.objects.filter(member__group=group, fiscal_year=year)
        }
        grid = []
        for member in members:
            cells = []
            for criterion in criteria:
                initial = {"score": scores.get((member.pk, criterion.pk))}
                form = ScoreForm(data, prefix=f"m{member.pk}c{criterion.pk}", initial=initial)
                cells.append((criterion, form))
            total = sum(scores.get((member.pk, c.pk)) or 0 for c in criteria)
            grid.append({"member": member, "cells": cells, "total": total})
        return criteria, grid

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria, grid = kwargs.get("criteria"), kwargs.get("grid")
        if grid is None:
            criteria, grid = self.get_grid()
        best = sorted(grid, key=lambda row: -row["total"])[:3]
        context.update(year=self.get_year(), criteria=criteria, grid=grid, best=best)
        return context

    def post(self, request, *args, **kwargs):
        if not self.get_group().is_active:
            return ClosedRefusalMixin.closed_response(self)
        criteria, grid = self.get_grid(request.POST)
        forms_ = [form for row in grid for _criterion, form in row["cells"]]
        if not all(form.is_valid() for form in forms_):
            messages.error(request, _("Nothing was saved yet: scores are whole numbers from 0."))
            return self.render_to_response(self.get_context_data(criteria=criteria, grid=grid), status=400)
        rows = [
            (row["member"], criterion, form.cleaned_data["score"]) for row in grid for criterion, form in row["cells"]
        ]
        try:
            saved = services.scores_set(
                group=self.get_group(), actor=request.user, fiscal_year=self.get_year(), rows=rows
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(criteria=criteria, grid=grid), status=400)
        messages.success(request, _("%(count)d scores saved.") % {"count": saved})
        return redirect(f"{request.path}?year={self.get_year()}")


class AwardCreateView(ClosedRefusalMixin, OfficeFormMixin, ManageGroupMixin, FormView):
    template_name = "groups/manage/award_form.html"
    form_class = AwardForm
    breadcrumb = gettext_lazy("New award")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["group"] = self.get_group()
        return kwargs

    def get_initial(self):
        return {
            "awarded_on": timezone.localdate(),
            "signer_name": self.office.director_name,
            "signer_position": self.office.director_position,
        }

    def form_valid(self, form):
        try:
            award = services.award_create(
                group=self.get_group(), actor=self.request.user, member=form.cleaned_data["member"], data=form.content()
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The award is saved. Print its certificate from this page."))
        return redirect(award.get_certificate_url())


class CertificateView(ManageGroupMixin, TemplateView):
    """The certificate (เกียรติบัตร) of an award, printable on A4 landscape."""

    template_name = "groups/manage/certificate.html"

    def get_award(self) -> Award:
        return get_object_or_404(Award.objects.with_members(), group=self.get_group(), pk=self.kwargs["award"])

    def get_breadcrumbs(self):
        return [(self.get_group().name, self.get_group().get_manage_url()), (self.get_award().title, "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["award"] = self.get_award()
        return context
