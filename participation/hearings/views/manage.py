"""The workspace for hearings: create and edit, the draft's documents, open and close, moderate the
comments and group them into themes, write the report (summary, responses, revised draft) and publish it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, TemplateView

from participation.hearings import diff, services
from participation.hearings.forms import (
    CommentThemeForm,
    DocumentsForm,
    HearingFilterForm,
    HearingForm,
    ModerateForm,
    ReportForm,
    ThemeForm,
)
from participation.hearings.models import Hearing, HearingComment, HearingDocument, HearingTheme
from participation.pagination import CountlessPaginationMixin, page_number, paginate_without_count
from participation.views import ConfirmActionView, FilteredListMixin, OfficeFormMixin, OfficeStaffMixin

H = Hearing.Status


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ManageHearingMixin(OfficeStaffMixin):
    """One hearing of the user's office (404 for another office's)."""

    section = "hearings"

    def get_breadcrumbs(self):
        return [(self.get_hearing().title, self.get_hearing().get_manage_url()), *super().get_breadcrumbs()]

    def get_hearing(self) -> Hearing:
        if not hasattr(self, "_hearing"):
            self._hearing = get_object_or_404(
                Hearing.objects.for_office(self.office).with_counts(), pk=self.kwargs["pk"]
            )
        return self._hearing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hearing"] = self.get_hearing()
        return context


class HearingListView(CountlessPaginationMixin, FilteredListMixin, OfficeStaffMixin, ListView):
    template_name = "hearings/manage/list.html"
    section = "hearings"
    context_object_name = "hearings"
    paginate_by = 25
    filter_form_class = HearingFilterForm

    def get_queryset(self):
        hearings = Hearing.objects.for_office(self.office)
        filters = self.get_filters()
        if filters.is_valid() and filters.cleaned_data["pending"]:
            hearings = hearings.awaiting_moderation()
        return hearings.with_counts().order_by("-opens_at", "-pk")


class HearingFormMixin(OfficeFormMixin):
    template_name = "hearings/manage/form.html"
    form_class = HearingForm
    section = "hearings"
    success_message = ""

    def save(self, form) -> Hearing:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            hearing = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        if hearing.is_short:
            messages.warning(
                self.request,
                _("The hearing is open for less than 15 days; the reason you gave is shown to the public."),
            )
        return redirect(hearing.get_manage_url())


class HearingCreateView(HearingFormMixin, OfficeStaffMixin, FormView):
    breadcrumb = gettext_lazy("New hearing")
    success_message = gettext_lazy("The hearing is saved as a draft. Check its preview, then open it.")

    def save(self, form):
        return services.hearing_create(
            office=self.office,
            actor=self.request.user,
            data=form.content(),
            target_groups=form.cleaned_data["target_groups"],
        )


class HearingUpdateView(HearingFormMixin, ManageHearingMixin, FormView):
    breadcrumb = gettext_lazy("Edit")
    success_message = gettext_lazy("Saved.")

    def get(self, request, *args, **kwargs):
        if self.get_hearing().status not in {H.DRAFT, H.OPEN}:
            messages.info(request, _("A closed hearing can no longer be changed."))
            return redirect(self.get_hearing().get_manage_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_hearing()
        return kwargs

    def save(self, form):
        return services.hearing_update(
            hearing=self.get_hearing(),
            actor=self.request.user,
            data=form.content(),
            target_groups=form.cleaned_data["target_groups"],
        )


class HearingDetailView(ManageHearingMixin, TemplateView):
    template_name = "hearings/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hearing = self.get_hearing()
        context.update(
            sections=list(hearing.sections.all()),
            documents=list(hearing.documents.all()),
            target_groups=list(hearing.target_groups.all()),
            themes=list(hearing.themes.all()),
            problems=services.report_problems(hearing) if hearing.status == H.CLOSED else [],
        )
        return context


class DocumentsView(ManageHearingMixin, FormView):
    template_name = "hearings/manage/documents.html"
    breadcrumb = gettext_lazy("Documents")
    form_class = DocumentsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["hearing"] = self.get_hearing()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = list(self.get_hearing().documents.all())
        return context

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: browsers cannot keep chosen files, choose them again."))
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            added = services.hearing_add_documents(
                hearing=self.get_hearing(), actor=self.request.user, files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("%(count)d document added.", "%(count)d documents added.", len(added)) % {"count": len(added)},
        )
        return redirect("hearings:manage_documents", office=self.office.slug, pk=self.get_hearing().pk)


class ManageActionView(ManageHearingMixin, ConfirmActionView):
    def get_subject(self):
        return self.get_hearing().title


class DocumentRemoveView(ManageActionView):
    title = button = gettext_lazy("Remove the document")
    button_class = "btn-danger"

    def get_item(self) -> HearingDocument:
        return get_object_or_404(HearingDocument, pk=self.kwargs["file"], hearing=self.get_hearing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = _("Remove “%(name)s” from this hearing?") % {"name": self.get_item().original_name}
        return context

    def act(self, form):
        services.hearing_remove_document(item=self.get_item(), actor=self.request.user)
        messages.success(self.request, _("The document was removed."))
        return self.get_hearing().get_manage_url()


class OpenView(ManageActionView):
    title = button = gettext_lazy("Open the hearing")
    explanation = gettext_lazy(
        "The hearing's page becomes public and takes comments from its opening time until it closes. "
        "The draft, its documents and the questions can no longer change."
    )

    def act(self, form):
        hearing = services.hearing_open(hearing=self.get_hearing(), actor=self.request.user)
        messages.success(self.request, _("The hearing is open."))
        if hearing.is_short:
            messages.warning(self.request, _("The hearing is open for less than 15 days."))
        return hearing.get_manage_url()


class CloseView(ManageActionView):
    title = button = gettext_lazy("Close the hearing")
    button_class = "btn-danger"
    explanation = gettext_lazy(
        "No more comments are taken. Then write the report: group the comments into themes, respond to each, "
        "and give the revised draft."
    )

    def act(self, form):
        hearing = services.hearing_close(hearing=self.get_hearing(), actor=self.request.user)
        messages.success(self.request, _("The hearing is closed. Write its report next."))
        return hearing.get_manage_url()


class CommentsView(ManageHearingMixin, TemplateView):
    """Every comment with its status and theme: moderation and grouping, one small form per comment."""

    template_name = "hearings/manage/comments.html"
    breadcrumb = gettext_lazy("Comments")
    page_size = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hearing = self.get_hearing()
        status = self.request.GET.get("status", "")
        comments = hearing.comments.select_related("section", "group", "theme").order_by("created_at", "pk")
        if status in HearingComment.Status.values:
            comments = comments.filter(status=status)
        shown, page = paginate_without_count(comments, number=page_number(self.request), per_page=self.page_size)
        themes = list(hearing.themes.all())
        context.update(
            comments=shown,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            status=status,
            statuses=HearingComment.Status.choices,
            themes=themes,
            reported=hearing.status == H.REPORTED,
            filter_query=f"status={status}" if status else "",
        )
        return context


class CommentActionMixin(ManageActionView):
    def get_comment(self) -> HearingComment:
        if not hasattr(self, "_comment"):
            self._comment = get_object_or_404(
                HearingComment.objects.select_related("section", "group"),
                pk=self.kwargs["comment"],
                hearing=self.get_hearing(),
            )
        return self._comment

    def get_subject(self):
        return self.get_comment().body[:200]

    def get_cancel_url(self):
        return self.comments_url()

    def comments_url(self):
        return f"{self.get_hearing().get_manage_url()}comments/#comment-{self.get_comment().pk}"


class ModerateView(CommentActionMixin):
    form_class = ModerateForm
    title = button = gettext_lazy("Moderate the comment")

    def get_initial(self):
        return {"decision": "publish"}

    def act(self, form):
        publish = form.cleaned_data["decision"] == "publish"
        services.comment_moderate(
            comment=self.get_comment(), actor=self.request.user, publish=publish, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, _("Published.") if publish else _("The comment is not published."))
        return self.comments_url()


class CommentThemeView(CommentActionMixin):
    title = button = gettext_lazy("Set the theme")

    def get_form_class(self):
        return CommentThemeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["hearing"] = self.get_hearing()
        return kwargs

    def get_initial(self):
        return {"theme": self.get_comment().theme_id}

    def act(self, form):
        services.comment_set_theme(
            comment=self.get_comment(), actor=self.request.user, theme=form.cleaned_data["theme"]
        )
        messages.success(self.request, _("Theme saved."))
        return self.comments_url()


class ReportView(ManageHearingMixin, FormView):
    """The report while it is written: its text, the themes, what is missing, and the comparison."""

    template_name = "hearings/manage/report.html"
    breadcrumb = gettext_lazy("Report")
    form_class = ReportForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["hearing"] = self.get_hearing()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hearing = self.get_hearing()
        rows = diff.compare(hearing.draft, hearing.revised_draft or hearing.draft)
        context.update(
            themes=list(hearing.themes.all()),
            problems=services.report_problems(hearing),
            diff=rows,
            diff_counts=diff.counts(rows),
            editable=hearing.status == H.CLOSED,
        )
        return context

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            services.report_update(hearing=self.get_hearing(), actor=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("hearings:manage_report", office=self.office.slug, pk=self.get_hearing().pk)


class ThemeView(ManageHearingMixin, FormView):
    template_name = "hearings/manage/theme.html"
    form_class = ThemeForm

    def get_theme(self) -> HearingTheme | None:
        if "theme" not in self.kwargs:
            return None
        return get_object_or_404(HearingTheme, pk=self.kwargs["theme"], hearing=self.get_hearing())

    def get_breadcrumbs(self):
        theme = self.get_theme()
        label = theme.title if theme else _("New theme")
        return [*super().get_breadcrumbs(), (label, "")]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_theme()
        return kwargs

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            services.theme_save(
                hearing=self.get_hearing(), actor=self.request.user, theme=self.get_theme(), data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Theme saved."))
        return redirect("hearings:manage_report", office=self.office.slug, pk=self.get_hearing().pk)


class PublishReportView(ManageActionView):
    template_name = "hearings/manage/publish.html"
    title = button = gettext_lazy("Publish the report")
    explanation = gettext_lazy(
        "The report becomes public on the hearing's page, and everyone who left an e-mail address is sent it. "
        "It can no longer change."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = services.report_problems(self.get_hearing())
        return context

    def act(self, form):
        hearing = services.report_publish(hearing=self.get_hearing(), actor=self.request.user)
        messages.success(self.request, _("The report is published."))
        return hearing.get_report_url()
