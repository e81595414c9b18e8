"""The staff inbox: filters and deadline clock, assign, notes, answer, close, reopen, spam, bulk
actions, feedback entered by staff, and the director's settings. Reports of misconduct exist here
only for the director and the people the director names: for everyone else they are a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, TemplateView, View

from participation.converters import record_id
from participation.feedback import services
from participation.feedback.forms import (
    AnswerForm,
    AssignForm,
    FeedbackSettingsForm,
    InboxFilterForm,
    NoteForm,
    StaffFeedbackForm,
)
from participation.feedback.models import Feedback, FeedbackFile
from participation.navigation import address_writer
from participation.pagination import CountlessPaginationMixin
from participation.permissions import Ability
from participation.tablerows import choice_labels, label_of, truncated
from participation.thai import localized_date
from participation.uploads import protected_file_response
from participation.views import ConfirmActionView, FilteredListMixin, OfficeStaffMixin


class ManageFeedbackMixin(OfficeStaffMixin):
    section = "feedback"

    def get_breadcrumbs(self):
        crumbs = super().get_breadcrumbs()
        if "pk" in self.kwargs:
            crumbs.insert(0, (self.get_feedback().subject, self.get_feedback().get_manage_url()))
        return crumbs

    def visible_feedback(self):
        return Feedback.objects.for_office(self.office).visible_to(self.standing)

    def get_feedback(self) -> Feedback:
        if not hasattr(self, "_feedback"):
            self._feedback = get_object_or_404(
                self.visible_feedback().select_related("office", "group", "assigned_to"), pk=self.kwargs["pk"]
            )
        return self._feedback

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "pk" in self.kwargs:
            context["feedback"] = self.get_feedback()
        return context


def inbox_rows(items, *, office, today) -> SafeString:
    """The inbox's rows (see participation.tablerows)."""
    detail = address_writer("feedback:manage_detail", office=office.slug, pk=int)
    kinds, statuses = choice_labels(Feedback.Kind.choices), choice_labels(Feedback.Status.choices)
    channels = choice_labels(Feedback.Channel.choices)
    select = escape(_("Select"))
    rows = []
    for item in items:
        subject, overdue = escape(item.subject), item.is_open and item.due_on < today
        kind = label_of(kinds, item.kind)
        if item.kind == Feedback.Kind.MISCONDUCT:
            kind = f'<span class="badge text-bg-dark">{kind}</span>'
        clock = ""
        if item.is_open:
            days = (item.due_on - today).days
            if overdue:
                words = ngettext("%(counter)s day late", "%(counter)s days late", -days) % {"counter": -days}
            else:
                words = ngettext("%(counter)s day left", "%(counter)s days left", days) % {"counter": days}
            clock = f'<div class="small {"text-danger fw-bold" if overdue else ""}">{words}</div>'
        person = item.assigned_to
        assigned = escape(person.get_full_name() or person.username) if person else "–"
        rows.append(
            f'<tr class="{"table-danger" if overdue else ""}">'
            f'<td><input type="checkbox" name="ids" value="{item.pk}" id="pick-{item.pk}" class="form-check-input"'
            f' aria-label="{select} {subject}"></td>'
            f'<td><a href="{detail(item.pk)}">{escape(truncated(item.subject, 70))}</a><div class="small '
            f'text-body-secondary">{escape(item.formatted_code)} · {label_of(channels, item.channel)}</div></td>'
            f"<td>{kind}</td><td>{label_of(statuses, item.status)}</td>"
            f"<td>{escape(localized_date(item.due_on, short=True))} {clock}</td><td>{assigned}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every text above is escaped)


# What the inbox shows of an item and of the person it is assigned to.
INBOX_FIELDS = ["subject", "kind", "channel", "status", "tracking_code", "due_on", "created_at", "assigned_to"]
INBOX_FIELDS += ["assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"]


class InboxView(CountlessPaginationMixin, FilteredListMixin, ManageFeedbackMixin, ListView):
    template_name = "feedback/manage/inbox.html"
    context_object_name = "items"
    paginate_by = 50
    filter_form_class = InboxFilterForm

    def get_queryset(self):
        items = self.visible_feedback().select_related("assigned_to").only(*INBOX_FIELDS)
        filters = self.get_filters()
        data = filters.cleaned_data if filters.is_valid() else {}
        items = items.with_status(data.get("status", ""))
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
        if data.get("overdue"):
            items = items.overdue()
        if data.get("mine"):
            items = items.filter(assigned_to=self.request.user)
        if data.get("unassigned"):
            items = items.unassigned()
        if data.get("q"):
            items = items.matching(data["q"])
        return items.by_deadline()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # One query over the open items only (what the office still has to answer), not its whole history.
        counts = (
            self.visible_feedback()
            .open()
            .aggregate(open_count=Count("pk"), overdue_count=Count("pk", filter=Q(due_on__lt=today)))
        )
        context.update(
            **counts,
            today=today,
            rows=inbox_rows(context["items"], office=self.office, today=today),
            bulk_actions=[
                ("assign_me", _("Assign to me")),
                ("start", _("Mark in progress")),
                ("close", _("Close")),
                ("spam", _("Mark as spam")),
            ],
        )
        return context


class BulkView(ManageFeedbackMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        ids = [pk for pk in map(record_id, request.POST.getlist("ids")) if pk is not None]
        if action not in {*services.BULK_ACTIONS, "assign_me"} or not ids:
            messages.error(request, _("Choose some feedback and an action."))
            return redirect("feedback:inbox", office=self.office.slug)
        # Only what this person may see: other ids are ignored, whatever was posted.
        items = list(self.visible_feedback().filter(pk__in=ids))
        done, refused = services.feedback_bulk(feedbacks=items, actor=request.user, action=action)
        messages.success(request, ngettext("%(count)d item done.", "%(count)d items done.", done) % {"count": done})
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d item was left as it was: the action does not apply to its status.",
                    "%(count)d items were left as they were: the action does not apply to their status.",
                    refused,
                )
                % {"count": refused},
            )
        return redirect("feedback:inbox", office=self.office.slug)


class FeedbackDetailView(ManageFeedbackMixin, TemplateView):
    template_name = "feedback/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.get_feedback()
        context.update(
            events=list(feedback.events.select_related("actor")),
            files=list(feedback.files.all()),
            answer_form=kwargs.get("answer_form")
            or AnswerForm(initial={"answer": feedback.answer, "public": feedback.answer_public}),
            note_form=kwargs.get("note_form") or NoteForm(),
            assign_form=kwargs.get("assign_form")
            or AssignForm(feedback=feedback, initial={"assignee": feedback.assigned_to_id}),
        )
        return context


class FeedbackFormView(FeedbackDetailView):
    """One of the detail page's forms (answer, note, assignment): it posts to its own address, and
    refused input shows the page again with the text kept and the reason."""

    http_method_names = ["post"]
    form_key = ""
    done_message = ""

    def make_form(self, feedback):
        raise NotImplementedError

    def save(self, feedback, form) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        feedback = self.get_feedback()
        form = self.make_form(feedback)
        if form.is_valid():
            try:
                self.save(feedback, form)
            except ValidationError as error:
                form.add_error(None, error)
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, self.done_message)
                return redirect(feedback.get_manage_url())
        return self.render_to_response(self.get_context_data(**{self.form_key: form}), status=400)


class AnswerView(FeedbackFormView):
    form_key = "answer_form"
    done_message = gettext_lazy("Answer saved. The sender sees it on the tracking page.")

    def make_form(self, feedback):
        return AnswerForm(self.request.POST)

    def save(self, feedback, form):
        services.feedback_respond(
            feedback=feedback,
            actor=self.request.user,
            answer=form.cleaned_data["answer"],
            public=form.cleaned_data["public"],
        )


class NoteView(FeedbackFormView):
    form_key = "note_form"
    done_message = gettext_lazy("Note added.")

    def make_form(self, feedback):
        return NoteForm(self.request.POST)

    def save(self, feedback, form):
        services.feedback_note(feedback=feedback, actor=self.request.user, text=form.cleaned_data["text"])


class AssignView(FeedbackFormView):
    form_key = "assign_form"
    done_message = gettext_lazy("Assignment saved.")

    def make_form(self, feedback):
        return AssignForm(self.request.POST, feedback=feedback)

    def save(self, feedback, form):
        services.feedback_assign(feedback=feedback, actor=self.request.user, assignee=form.cleaned_data["assignee"])


class FeedbackActionView(ManageFeedbackMixin, ConfirmActionView):
    service = None
    done_message = ""

    def get_subject(self):
        return f"{self.get_feedback().subject} ({self.get_feedback().formatted_code})"

    def act(self, form):
        self.service(feedback=self.get_feedback(), actor=self.request.user)
        messages.success(self.request, self.done_message)
        return self.get_feedback().get_manage_url()


class StartView(FeedbackActionView):
    title = button = gettext_lazy("Mark in progress")
    service = staticmethod(services.feedback_start)
    done_message = gettext_lazy("Marked in progress.")


class CloseView(FeedbackActionView):
    title = button = gettext_lazy("Close")
    service = staticmethod(services.feedback_close)
    done_message = gettext_lazy("Closed.")


class ReopenView(FeedbackActionView):
    title = button = gettext_lazy("Reopen")
    service = staticmethod(services.feedback_reopen)
    done_message = gettext_lazy("Reopened: it is in progress again.")


class SpamView(FeedbackActionView):
    title = button = gettext_lazy("Mark as spam")
    button_class = "btn-danger"
    explanation = gettext_lazy("Spam leaves the inbox and the statistics. It can be reopened.")
    service = staticmethod(services.feedback_mark_spam)
    done_message = gettext_lazy("Marked as spam.")


class RecordView(OfficeStaffMixin, FormView):
    """Feedback that came another way than the website, typed in by staff."""

    template_name = "feedback/manage/record.html"
    form_class = StaffFeedbackForm
    section = "feedback"
    breadcrumb = gettext_lazy("Enter feedback")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        channel = data.pop("channel")
        feedback = services.feedback_record(office=self.office, actor=self.request.user, data=data, channel=channel)
        messages.success(
            self.request,
            _("Recorded. Its tracking code is %(code)s: give it to the sender.") % {"code": feedback.formatted_code},
        )
        return redirect(feedback.get_manage_url())


class SettingsView(OfficeStaffMixin, FormView):
    """The director decides the reply time, staff e-mail, retention and who handles misconduct."""

    template_name = "feedback/manage/settings.html"
    form_class = FeedbackSettingsForm
    section = "feedback"
    breadcrumb = gettext_lazy("Settings")
    required_ability = Ability.DIRECT

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    def get_initial(self):
        office = self.office
        return {
            "feedback_answer_days": office.feedback_answer_days,
            "feedback_notify_staff": office.feedback_notify_staff,
            "feedback_retention_days": office.feedback_retention_days,
            "misconduct_handlers": [m for m in office.memberships.all() if m.sees_misconduct],
        }

    def form_valid(self, form):
        data = form.cleaned_data
        services.feedback_settings_update(
            office=self.office, actor=self.request.user, data=data, handlers=data["misconduct_handlers"]
        )
        messages.success(self.request, _("Feedback settings saved."))
        return redirect("feedback:inbox", office=self.office.slug)


class FeedbackFileView(ManageFeedbackMixin, View):
    """A file sent with feedback: for the office's people who may see the feedback, as a download."""

    def get(self, request, *args, **kwargs):
        item = get_object_or_404(FeedbackFile, pk=kwargs["file"], feedback=self.get_feedback())
        return protected_file_response(item.file, filename=item.original_name, content_type=item.content_type)
