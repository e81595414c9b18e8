"""The workspace for surveys: build one (or start from the yearly satisfaction template), open,
close, publish the results; read the results with the free-text answers, download every response
as CSV, and print the A4 poster with the QR code."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from participation.fiscal import current_fiscal_year
from participation.pagination import CountlessPaginationMixin, page_number, paginate_without_count
from participation.surveys import services
from participation.surveys.forms import (
    PublishResultsForm,
    QuestionForm,
    ResultsFilterForm,
    SectionForm,
    SurveyFilterForm,
    SurveyForm,
)
from participation.surveys.models import CLOSING_SOON, Answer, Question, Response, Section, Survey
from participation.surveys.results import survey_results
from participation.surveys.views.public import printed_address, qr_svg, survey_questions
from participation.views import ConfirmActionView, FilteredListMixin, OfficeFormMixin, OfficeStaffMixin


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ManageSurveyMixin(OfficeStaffMixin):
    """One survey of the user's office (404 for another office's)."""

    section = "surveys"

    def get_breadcrumbs(self):
        return [(self.get_survey().title, self.get_survey().get_manage_url()), *super().get_breadcrumbs()]

    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            self._survey = get_object_or_404(Survey.objects.for_office(self.office).with_counts(), pk=self.kwargs["pk"])
        return self._survey

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["survey"] = self.get_survey()
        return context


class SurveyListView(CountlessPaginationMixin, FilteredListMixin, OfficeStaffMixin, ListView):
    template_name = "surveys/manage/list.html"
    section = "surveys"
    context_object_name = "surveys"
    paginate_by = 25
    filter_form_class = SurveyFilterForm

    def get_queryset(self):
        surveys = Survey.objects.for_office(self.office)
        filters = self.get_filters()
        if filters.is_valid() and filters.cleaned_data["closing"]:
            # Soonest first: what closes next is what needs answers now.
            return surveys.closing_within(CLOSING_SOON).with_counts().order_by("closes_at", "pk")
        return surveys.with_counts().order_by("-created_at", "-pk")


class SurveyFormMixin(OfficeFormMixin):
    template_name = "surveys/manage/form.html"
    form_class = SurveyForm
    section = "surveys"
    success_message = ""

    def save(self, form) -> Survey:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            survey = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(survey.get_manage_url())


class SurveyCreateView(SurveyFormMixin, OfficeStaffMixin, FormView):
    breadcrumb = gettext_lazy("New survey")
    success_message = gettext_lazy("The survey is saved as a draft. Add its questions, then open it.")

    def save(self, form):
        return services.survey_create(
            office=self.office,
            actor=self.request.user,
            data=form.content(),
            target_groups=form.cleaned_data["target_groups"],
        )


class SurveyUpdateView(SurveyFormMixin, ManageSurveyMixin, FormView):
    breadcrumb = gettext_lazy("Edit")
    success_message = gettext_lazy("Saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_survey()
        return kwargs

    def save(self, form):
        return services.survey_update(
            survey=self.get_survey(),
            actor=self.request.user,
            data=form.content(),
            target_groups=form.cleaned_data["target_groups"],
        )


class SatisfactionCreateView(ConfirmActionView):
    """Start the yearly service-satisfaction survey from the ready template."""

    section = "surveys"
    title = button = gettext_lazy("New service-satisfaction survey")
    explanation = gettext_lazy(
        "A draft with the usual questions of the yearly survey of service users (the process, the staff, "
        "facilities and information, overall satisfaction, suggestions), each rated on five labelled points. "
        "Change what you need before opening it."
    )

    def get_subject(self):
        return _("Fiscal year %(year)d") % {"year": current_fiscal_year()}

    def get_cancel_url(self):
        return redirect("surveys:manage_list", office=self.office.slug).url

    def act(self, form):
        survey = services.survey_create_satisfaction(
            office=self.office, actor=self.request.user, fiscal_year=current_fiscal_year()
        )
        messages.success(self.request, _("The satisfaction survey is ready as a draft."))
        return survey.get_manage_url()


class SurveyDetailView(ManageSurveyMixin, TemplateView):
    template_name = "surveys/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.get_survey()
        questions = survey_questions(survey)
        sections = list(survey.sections.all())
        by_section = {section.pk: [] for section in sections}
        for question in questions:
            by_section[question.section_id].append(question)
        context.update(
            sections=[{"section": section, "questions": by_section[section.pk]} for section in sections],
            question_count=len(questions),
            locked=survey.response_count > 0,
            editable=survey.status in {Survey.Status.DRAFT, Survey.Status.OPEN},
            target_groups=list(survey.target_groups.all()),
            public_url=self.request.build_absolute_uri(survey.get_absolute_url()),
        )
        return context


class SectionView(ManageSurveyMixin, FormView):
    """Add a section to the survey, or change one."""

    template_name = "surveys/manage/section.html"
    breadcrumb = gettext_lazy("Section")
    form_class = SectionForm

    def get_section(self) -> Section | None:
        if "section" not in self.kwargs:
            return None
        return get_object_or_404(Section, pk=self.kwargs["section"], survey=self.get_survey())

    def get_initial(self):
        section = self.get_section()
        if section is None:
            return {}
        return {"title": section.title, "description": section.description, "position": section.position}

    def form_valid(self, form):
        try:
            services.section_save(
                survey=self.get_survey(), actor=self.request.user, section=self.get_section(), data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Section saved."))
        return redirect(self.get_survey().get_manage_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)


class QuestionView(ManageSurveyMixin, FormView):
    """Add a question to the survey, or change one."""

    template_name = "surveys/manage/question.html"
    breadcrumb = gettext_lazy("Question")
    form_class = QuestionForm

    def get_question(self) -> Question | None:
        if "question" not in self.kwargs:
            return None
        return get_object_or_404(Question, pk=self.kwargs["question"], survey=self.get_survey())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(survey=self.get_survey(), question=self.get_question())
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if "section" in self.request.GET:
            initial["section"] = self.request.GET["section"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.get_question()
        return context

    def form_valid(self, form):
        try:
            services.question_save(
                survey=self.get_survey(),
                actor=self.request.user,
                question=self.get_question(),
                section=form.cleaned_data["section"],
                data=form.content(),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Question saved."))
        return redirect(self.get_survey().get_manage_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)


class ManageActionView(ManageSurveyMixin, ConfirmActionView):
    def get_subject(self):
        return self.get_survey().title


class QuestionRemoveView(ManageActionView):
    title = button = gettext_lazy("Remove the question")
    button_class = "btn-danger"

    def get_question(self) -> Question:
        return get_object_or_404(Question, pk=self.kwargs["question"], survey=self.get_survey())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = _("Remove “%(text)s” from this survey?") % {"text": self.get_question().text}
        return context

    def act(self, form):
        services.question_remove(question=self.get_question(), actor=self.request.user)
        messages.success(self.request, _("The question was removed."))
        return self.get_survey().get_manage_url()


class OpenView(ManageActionView):
    title = button = gettext_lazy("Open the survey")
    explanation = gettext_lazy(
        "The survey becomes public and takes answers from its opening time (now, when none is set). "
        "Once answers arrive its questions are locked."
    )

    def act(self, form):
        survey = services.survey_open(survey=self.get_survey(), actor=self.request.user)
        messages.success(self.request, _("The survey is open. Print the poster or share its QR code."))
        return survey.get_manage_url()


class CloseView(ManageActionView):
    title = button = gettext_lazy("Close the survey")
    button_class = "btn-warning"
    cancel_label = gettext_lazy("Back")
    explanation = gettext_lazy("No more answers are taken. The results can then be published.")

    def act(self, form):
        survey = services.survey_close(survey=self.get_survey(), actor=self.request.user)
        messages.success(self.request, _("The survey is closed."))
        return survey.get_manage_url()


class PublishResultsView(ManageActionView):
    form_class = PublishResultsForm
    title = button = gettext_lazy("Publish the results")
    explanation = gettext_lazy(
        "Counts, shares and means of every question become public, with what you write here. Free-text "
        "answers stay with the office's staff."
    )

    def get_initial(self):
        return {"summary": self.get_survey().results_summary}

    def act(self, form):
        survey = services.survey_publish_results(
            survey=self.get_survey(), actor=self.request.user, summary=form.cleaned_data["summary"]
        )
        messages.success(self.request, _("The results are published."))
        return survey.get_manage_url()


class CopyView(ManageActionView):
    title = button = gettext_lazy("Copy as a new draft")
    explanation = gettext_lazy("A new draft with the same sections and questions; this survey and its answers stay.")

    def act(self, form):
        copy = services.survey_copy(survey=self.get_survey(), actor=self.request.user)
        messages.success(self.request, _("A copy was made as a draft."))
        return copy.get_manage_url()


class ResultsView(ManageSurveyMixin, TemplateView):
    """The results for staff, before and after they are published, with the free-text answers."""

    template_name = "surveys/manage/results.html"
    breadcrumb = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ResultsFilterForm(self.request.GET or None, office=self.office)
        group_id = filters.group_id()
        context.update(
            filters=filters,
            results=survey_results(self.get_survey(), group_id=group_id),
            group=filters.cleaned_data["group"] if group_id is not None else None,
            staff=True,
        )
        return context


class TextAnswersView(ManageSurveyMixin, TemplateView):
    """The answers to one text question, latest first, a page at a time."""

    template_name = "surveys/manage/text_answers.html"
    breadcrumb = gettext_lazy("Written answers")
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = get_object_or_404(
            Question, pk=self.kwargs["question"], survey=self.get_survey(), kind__in=list(Question.TEXT_KINDS)
        )
        answers = (
            Answer.objects.filter(question=question)
            .select_related("response__group")
            .order_by("-response__created_at", "-pk")
        )
        answers, page = paginate_without_count(answers, number=page_number(self.request), per_page=self.per_page)
        context.update(question=question, answers=answers, page_obj=page, is_paginated=page.has_other_pages())
        return context


class Echo:
    """A file-like object that hands back what is written, for streaming CSV rows."""

    def write(self, value):
        return value


class ResponsesCsvView(ManageSurveyMixin, TemplateView):
    """Every response as a row, every question as a column (several choices joined with “; ”),
    streamed, so a large survey is never held in memory."""

    def get(self, request, *args, **kwargs):
        survey = self.get_survey()
        questions = survey_questions(survey)
        labels = {question.pk: dict(question.points) for question in questions}
        columns = {question.pk: index for index, question in enumerate(questions)}
        groups = {group.pk: group.name for group in survey.office.stakeholder_groups.all()}

        def rows():
            writer = csv.writer(Echo())
            yield "\ufeff"  # so Excel reads the Thai text as UTF-8
            yield writer.writerow(
                ["response", "received", "group", "repeat_from_same_device"] + [q.text for q in questions]
            )
            answers = (
                Answer.objects.filter(response__survey=survey)
                .values_list("response_id", "question_id", "number", "text")
                .order_by("response_id", "pk")
            )
            responses = (
                Response.objects.filter(survey=survey)
                .order_by("pk")
                .values_list("pk", "created_at", "group_id", "is_repeat")
            )
            answer_iter = iter(answers.iterator(chunk_size=2000))
            pending = next(answer_iter, None)
            for pk, created_at, group_id, is_repeat in responses.iterator(chunk_size=2000):
                cells = [[] for _question in questions]
                while pending is not None and pending[0] == pk:
                    _response, question_id, number, text = pending
                    if question_id in columns:
                        value = text if number is None else labels[question_id].get(number, str(number))
                        cells[columns[question_id]].append(value)
                    pending = next(answer_iter, None)
                yield writer.writerow(
                    [
                        pk,
                        timezone.localtime(created_at).strftime("%Y-%m-%d %H:%M"),
                        groups.get(group_id, ""),
                        "yes" if is_repeat else "",
                    ]
                    + ["; ".join(cell) for cell in cells]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-responses.csv"'
        return response


class PosterView(ManageSurveyMixin, TemplateView):
    """A printable A4 poster for notice boards: the survey's title, what it is for, and its QR code."""

    template_name = "surveys/manage/poster.html"
    breadcrumb = gettext_lazy("Poster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = printed_address(self.request, self.get_survey())
        context.update(public_url=url, qr=qr_svg(url, scale=10, title=_("QR code of the survey's address")))
        return context
