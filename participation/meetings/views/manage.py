"""The workspace for meetings: plan, edit, attendance grid, held and minutes, cancel, files,
follow-up actions, registrants, named attendees and the printable sign-in sheet."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, TemplateView

from participation.meetings import services
from participation.meetings.forms import (
    ActionFilterForm,
    AttendanceForm,
    AttendeesForm,
    CancelForm,
    FilesForm,
    FollowUpForm,
    HeldForm,
    ManageMeetingFilterForm,
    MeetingForm,
)
from participation.meetings.models import FollowUpAction, Meeting, MeetingFile
from participation.meetings.views.public import attendance_to_show
from participation.models import StakeholderGroup
from participation.navigation import address_writer
from participation.rosters import members_by_group
from participation.tablerows import choice_labels, label_of, truncated
from participation.thai import localized_date
from participation.uploads import StorageFailed
from participation.views import ConfirmActionView, FilteredListMixin, OfficeFormMixin, OfficeStaffMixin


class ManageMeetingMixin(OfficeStaffMixin):
    """One meeting of the user's office (404 for another office's)."""

    section = "meetings"

    def get_breadcrumbs(self):
        return [(self.get_meeting().title, self.get_meeting().get_manage_url()), *super().get_breadcrumbs()]

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                Meeting.objects.for_office(self.office).with_totals(), pk=self.kwargs["pk"]
            )
        return self._meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.get_meeting()
        return context


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


class MeetingListView(FilteredListMixin, OfficeStaffMixin, ListView):
    template_name = "meetings/manage/list.html"
    section = "meetings"
    context_object_name = "meetings"
    paginate_by = 25
    filter_form_class = ManageMeetingFilterForm

    def get_queryset(self):
        meetings = Meeting.objects.for_office(self.office).with_totals().order_by("-starts_at")
        filters = self.get_filters()
        if filters.is_valid() and filters.cleaned_data["year"]:
            meetings = meetings.in_fiscal_year(filters.cleaned_data["year"])
        if filters.is_valid() and filters.cleaned_data["no_attendance"]:
            meetings = meetings.without_attendance()
        return meetings


class MeetingFormMixin(OfficeFormMixin):
    """The meeting form; `save` calls the service, a refusal shows the form again with the reason."""

    template_name = "meetings/manage/form.html"
    form_class = MeetingForm
    section = "meetings"
    success_message = ""

    def save(self, form) -> Meeting:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            meeting = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(meeting.get_manage_url())


class MeetingCreateView(MeetingFormMixin, OfficeStaffMixin, FormView):
    breadcrumb = gettext_lazy("New meeting")
    success_message = gettext_lazy("The meeting is saved. Record the numbers invited on the attendance page.")

    def save(self, form):
        return services.meeting_create(
            office=self.office,
            actor=self.request.user,
            data=form.content(),
            invited_groups=form.cleaned_data["invited_groups"],
        )


class MeetingUpdateView(MeetingFormMixin, ManageMeetingMixin, FormView):
    breadcrumb = gettext_lazy("Edit")
    success_message = gettext_lazy("Saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_meeting()
        return kwargs

    def save(self, form):
        return services.meeting_update(
            meeting=self.get_meeting(),
            actor=self.request.user,
            data=form.content(),
            invited_groups=form.cleaned_data["invited_groups"],
        )


class MeetingDetailView(ManageMeetingMixin, TemplateView):
    template_name = "meetings/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        rows = list(meeting.attendance.select_related("group").order_by("group__position"))
        files = list(meeting.files.all())
        chart, invited_groups = attendance_to_show(meeting, rows)  # the preview shows what the public sees
        context.update(
            chart=chart,
            invited_groups=invited_groups,
            attendance=rows,
            photos=[item for item in files if item.is_image],
            documents=[item for item in files if not item.is_image],
            files=files,
            actions=list(meeting.actions.all()),
            attendee_count=meeting.attendees.count(),
        )
        return context


class AttendanceView(ManageMeetingMixin, TemplateView):
    """The grid: one row per stakeholder group of the office, invited and attended side by side."""

    template_name = "meetings/manage/attendance.html"
    breadcrumb = gettext_lazy("Attendance")

    def get_forms(self, data=None):
        meeting = self.get_meeting()
        existing = {row.group_id: row for row in meeting.attendance.all()}
        grid = []
        for group in StakeholderGroup.objects.for_office(self.office):
            row = existing.get(group.pk)
            initial = {"invited": row.invited if row else 0, "attended": row.attended if row else None}
            grid.append((group, AttendanceForm(data, prefix=f"g{group.pk}", initial=initial)))
        return grid

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grid"] = kwargs.get("grid") or self.get_forms()
        return context

    def post(self, request, *args, **kwargs):
        grid = self.get_forms(request.POST)
        if not all(form.is_valid() for _group, form in grid):
            messages.error(request, _("Nothing was saved yet: numbers must be whole and not below zero."))
            return self.render_to_response(self.get_context_data(grid=grid), status=400)
        existing = set(self.get_meeting().attendance.values_list("group_id", flat=True))
        rows = [
            (group, form.cleaned_data["invited"], form.cleaned_data["attended"])
            for group, form in grid
            if group.pk in existing or form.cleaned_data["invited"] or form.cleaned_data["attended"] is not None
        ]
        try:
            services.meeting_set_attendance(meeting=self.get_meeting(), actor=request.user, rows=rows)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(grid=grid), status=400)
        total = sum(attended or 0 for _g, _i, attended in rows)
        messages.success(request, _("Attendance saved: %(total)d people in all.") % {"total": total})
        return redirect(self.get_meeting().get_manage_url())


class AttendeesView(ManageMeetingMixin, FormView):
    """Named attendees, typed back from the paper sign-in sheet (staff only)."""

    template_name = "meetings/manage/attendees.html"
    breadcrumb = gettext_lazy("Named attendees")
    form_class = AttendeesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        meeting = self.get_meeting()
        groups = StakeholderGroup.objects.for_office(self.office).filter(attendance__meeting=meeting)
        text = {}
        for person in meeting.attendees.all():
            line = f"{person.name}, {person.organisation}" if person.organisation else person.name
            text.setdefault(person.group_id, []).append(line)
        kwargs.update(groups=groups, initial_text={key: "\n".join(lines) for key, lines in text.items()})
        return kwargs

    def form_valid(self, form):
        count = services.meeting_set_attendees(
            meeting=self.get_meeting(), actor=self.request.user, names_by_group=form.names_by_group()
        )
        messages.success(
            self.request,
            ngettext("%(count)d named attendee saved.", "%(count)d named attendees saved.", count) % {"count": count},
        )
        return redirect(self.get_meeting().get_manage_url())


class ManageActionView(ManageMeetingMixin, ConfirmActionView):
    def get_subject(self):
        return self.get_meeting().title


class HeldView(ManageActionView):
    form_class = HeldForm
    title = button = gettext_lazy("Mark as held")
    explanation = gettext_lazy("The meeting took place. Keep its minutes and outcomes; registration closes.")

    def get_initial(self):
        meeting = self.get_meeting()
        return {"minutes": meeting.minutes, "outcomes": meeting.outcomes}

    def act(self, form):
        meeting = services.meeting_mark_held(
            meeting=self.get_meeting(),
            actor=self.request.user,
            minutes=form.cleaned_data["minutes"],
            outcomes=form.cleaned_data["outcomes"],
        )
        messages.success(self.request, _("Marked as held. Record who came on the attendance page."))
        return meeting.get_manage_url()


class CancelView(ManageActionView):
    form_class = CancelForm
    title = button = gettext_lazy("Cancel the meeting")
    button_class = "btn-danger"
    cancel_label = gettext_lazy("Back")  # “Cancel” beside “Cancel the meeting” would read as the same thing

    def act(self, form):
        meeting = services.meeting_cancel(
            meeting=self.get_meeting(), actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, _("Cancelled. The page stays public, marked cancelled; registrants are told."))
        return meeting.get_manage_url()


class FilesView(ManageMeetingMixin, FormView):
    template_name = "meetings/manage/files.html"
    breadcrumb = gettext_lazy("Photos and documents")
    form_class = FilesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["meeting"] = self.get_meeting()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["files"] = list(self.get_meeting().files.all())
        return context

    def form_valid(self, form):
        try:
            added = services.meeting_add_files(
                meeting=self.get_meeting(), actor=self.request.user, files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        except StorageFailed as error:
            # No file was kept (the service removed what it had stored) and no row was saved.
            form.add_error(None, error.message)
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        messages.success(
            self.request,
            ngettext("%(count)d file added.", "%(count)d files added.", len(added)) % {"count": len(added)},
        )
        return redirect("meetings:manage_files", office=self.office.slug, pk=self.get_meeting().pk)


class FileRemoveView(ManageActionView):
    title = button = gettext_lazy("Remove the file")
    button_class = "btn-danger"

    def get_item(self):
        return get_object_or_404(MeetingFile, pk=self.kwargs["file"], meeting=self.get_meeting())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = _("Remove “%(name)s” from this meeting?") % {"name": self.get_item().original_name}
        return context

    def act(self, form):
        services.meeting_remove_file(item=self.get_item(), actor=self.request.user)
        messages.success(self.request, _("The file was removed."))
        return self.get_meeting().get_manage_url()


class FollowUpView(ManageMeetingMixin, FormView):
    """Add a follow-up action to the meeting, or change one."""

    template_name = "meetings/manage/follow_up.html"
    breadcrumb = gettext_lazy("Follow-up action")
    form_class = FollowUpForm

    def get_action(self) -> FollowUpAction | None:
        if "action" not in self.kwargs:
            return None
        return get_object_or_404(FollowUpAction, pk=self.kwargs["action"], meeting=self.get_meeting())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_action()
        return kwargs

    def form_valid(self, form):
        services.follow_up_save(
            meeting=self.get_meeting(), actor=self.request.user, action=self.get_action(), data=form.cleaned_data
        )
        messages.success(self.request, _("Follow-up action saved."))
        return redirect(self.get_meeting().get_manage_url())


TRACKER_FIELDS = ["meeting", "description", "owner", "due_on", "status", "meeting__title", "meeting__starts_at"]


def tracker_rows(actions, *, office, today) -> SafeString:
    """The follow-up list's rows (see participation.tablerows)."""
    edit = address_writer("meetings:manage_action_edit", office=office.slug, pk=int, action=int)
    meeting_page = address_writer("meetings:manage_detail", office=office.slug, pk=int)
    statuses = choice_labels(FollowUpAction.Status.choices)
    late = f' <span class="badge text-bg-warning">{escape(_("overdue"))}</span>'
    finished = {FollowUpAction.Status.DONE, FollowUpAction.Status.DROPPED}
    warned = ' class="table-warning"'
    rows = []
    for action in actions:
        overdue = action.status not in finished and action.due_on is not None and action.due_on < today
        rows.append(
            f"<tr{warned if overdue else ''}>"
            f'<td><a href="{edit(action.meeting_id, action.pk)}">{escape(truncated(action.description, 90))}</a></td>'
            f'<td><a href="{meeting_page(action.meeting_id)}">{escape(truncated(action.meeting.title, 40))}</a></td>'
            f"<td>{escape(action.owner)}</td>"
            f"<td>{escape(localized_date(action.due_on, short=True))}{late if overdue else ''}</td>"
            f"<td>{label_of(statuses, action.status)}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every text above is escaped)


class FollowUpTrackerView(FilteredListMixin, OfficeStaffMixin, ListView):
    """Every follow-up action of the office's meetings, overdue ones first."""

    template_name = "meetings/manage/tracker.html"
    section = "follow_up"
    context_object_name = "actions"
    paginate_by = 50
    filter_form_class = ActionFilterForm

    def get_queryset(self):
        # Only what the table shows: the meetings' long texts (agenda, minutes) would otherwise be
        # carried through the join for every action of the office, not only the 50 shown.
        actions = FollowUpAction.objects.for_office(self.office).select_related("meeting")
        return actions.filter(self.status_filter()).only(*TRACKER_FIELDS).order_by("due_on", "meeting__starts_at", "pk")

    def status_filter(self) -> Q:
        """The actions the status filter asks for, as a condition (the same as the queryset's
        open() and overdue()), so that one query can count them and the overdue ones together."""
        filters = self.get_filters()
        status = filters.cleaned_data.get("status") if filters.is_valid() else ""
        unfinished = ~Q(status__in=[FollowUpAction.Status.DONE, FollowUpAction.Status.DROPPED])
        if status == "unfinished":
            return unfinished
        if status == "overdue":
            return unfinished & Q(due_on__lt=timezone.localdate())
        return Q(status=status) if status else Q()

    @cached_property
    def counts(self) -> dict:
        """The listed and the overdue actions, counted in one read of the office's actions."""
        return FollowUpAction.objects.for_office(self.office).aggregate(
            listed=Count("pk", filter=self.status_filter()),
            overdue=Count(
                "pk",
                filter=~Q(status__in=[FollowUpAction.Status.DONE, FollowUpAction.Status.DROPPED])
                & Q(due_on__lt=timezone.localdate()),
            ),
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.counts["listed"]  # a cached property of Paginator: no count query of its own
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            overdue_count=self.counts["overdue"],
            today=today,
            rows=tracker_rows(context["actions"], office=self.office, today=today),
        )
        return context


class RegistrationsView(ManageMeetingMixin, TemplateView):
    template_name = "meetings/manage/registrations.html"
    breadcrumb = gettext_lazy("Registrations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registrations"] = list(self.get_meeting().registrations.select_related("group"))
        return context

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def csv_response(self):
        meeting = self.get_meeting()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registrations-{meeting.pk}.csv"'
        response.write("\ufeff")  # so Excel reads the Thai text as UTF-8
        writer = csv.writer(response)
        writer.writerow(["name", "email", "phone", "organisation", "group", "registered"])
        for item in meeting.registrations.select_related("group"):
            writer.writerow(
                [
                    item.name,
                    item.email,
                    item.phone,
                    item.organisation,
                    item.group.name if item.group else "",
                    timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        return response


class SignInSheetView(ManageMeetingMixin, TemplateView):
    """A printable A4 sign-in sheet: a table per invited group, with its members and blank rows."""

    template_name = "meetings/manage/sign_in.html"
    breadcrumb = gettext_lazy("Sign-in sheet")
    blank_rows = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        groups = list(StakeholderGroup.objects.for_office(self.office).filter(attendance__meeting=meeting))
        people = members_by_group(group.pk for group in groups)
        invited = {row.group_id: row for row in meeting.attendance.all()}
        sheets = []
        for group in groups:
            members = people[group.pk]
            row = invited.get(group.pk)
            blanks = max(self.blank_rows, (row.invited if row else 0) - len(members))
            # Blank rows carry on the members' numbering, so every line of the sheet has its number.
            first_blank = len(members) + 1
            sheets.append(
                {"group": group, "members": members, "blank_numbers": range(first_blank, first_blank + blanks)}
            )
        context["sheets"] = sheets
        return context
