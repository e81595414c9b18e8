"""The workspace for working groups: found and edit a group, close it, members and join requests,
appointment orders (printable A4), activities, evaluation criteria and scores, awards and their
printable certificates (A4 landscape)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from participation import evidence
from participation.fiscal import current_fiscal_year
from participation.groups import services
from participation.groups.forms import (
    AcceptForm,
    ActivityForm,
    CloseForm,
    DeclineForm,
    GroupForm,
    MemberForm,
    OrderForm,
)
from participation.groups.models import (
    AppointmentOrder,
    Award,
    GroupActivity,
    GroupMember,
    JoinRequest,
    WorkingGroup,
    ranked,
)
from participation.groups.views.public import attach_meetings
from participation.views import ConfirmActionView, OfficeFormMixin, OfficeStaffMixin


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ManageGroupMixin(OfficeStaffMixin):
    """One working group of the user's office (404 for another office's)."""

    section = "groups"

    def get_breadcrumbs(self):
        return [(self.get_group().name, self.get_group().get_manage_url()), *super().get_breadcrumbs()]

    def get_group(self) -> WorkingGroup:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                WorkingGroup.objects.for_office(self.office).select_related("office"), pk=self.kwargs["pk"]
            )
        return self._group

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.get_group()
        return context


class ClosedRefusalMixin:
    """A closed group takes no new input: its forms answer with a page that says so."""

    closed_template = "groups/manage/closed.html"

    def get(self, request, *args, **kwargs):
        if not self.get_group().is_active:
            return self.closed_response()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.get_group().is_active:
            return self.closed_response()
        return super().post(request, *args, **kwargs)

    def closed_response(self):
        # The workspace's context only: the page has no form.
        context = {**OfficeStaffMixin.get_context_data(self), "group": self.get_group(), "view": self}
        return TemplateResponse(self.request, self.closed_template, context, status=400)


class GroupListView(OfficeStaffMixin, ListView):
    template_name = "groups/manage/list.html"
    section = "groups"
    context_object_name = "groups"
    paginate_by = 25

    def get_queryset(self):
        return (
            WorkingGroup.objects.for_office(self.office)
            .select_related("office")
            .order_by("status", "-founded_on", "pk")
        )


class GroupFormMixin(OfficeFormMixin):
    template_name = "groups/manage/form.html"
    form_class = GroupForm
    section = "groups"
    success_message = ""

    def form_valid(self, form):
        try:
            group = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(group.get_manage_url())


class GroupCreateView(GroupFormMixin, OfficeStaffMixin, FormView):
    breadcrumb = gettext_lazy("New group")
    success_message = gettext_lazy("The group is saved. Add its members next.")

    def get_initial(self):
        return {"founded_on": timezone.localdate()}

    def save(self, form):
        return services.group_create(
            office=self.office,
            actor=self.request.user,
            data=form.content(),
            stakeholder_groups=form.cleaned_data["stakeholder_groups"],
        )


class GroupUpdateView(ClosedRefusalMixin, GroupFormMixin, ManageGroupMixin, FormView):
    breadcrumb = gettext_lazy("Edit")
    success_message = gettext_lazy("Saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_group()
        return kwargs

    def save(self, form):
        return services.group_update(
            group=self.get_group(),
            actor=self.request.user,
            data=form.content(),
            stakeholder_groups=form.cleaned_data["stakeholder_groups"],
        )


class GroupDetailView(ManageGroupMixin, TemplateView):
    template_name = "groups/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        members = ranked(group.members.select_related("stakeholder_group"))
        today = timezone.localdate()
        context.update(
            members=[m for m in members if m.left_on is None or m.left_on > today],
            former=[m for m in members if m.left_on is not None and m.left_on <= today],
            requests=list(
                group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("stakeholder_group")
            ),
            orders=list(group.orders.all()),
            activities=attach_meetings(self.office, list(group.activities.all()[:50])),
            criteria=list(group.criteria.all()),
            awards=list(Award.objects.filter(group=group).with_members()),
            stakeholder_groups=list(group.stakeholder_groups.all()),
        )
        return context


class GroupCloseView(ClosedRefusalMixin, ManageGroupMixin, ConfirmActionView):
    form_class = CloseForm
    title = gettext_lazy("Close the group")
    button = gettext_lazy("Close the group")
    button_class = "btn-danger"
    explanation = gettext_lazy(
        "A closed group stays on its public page, marked closed, with its members, orders and activities. "
        "It takes no new members, activities or orders, and waiting requests to join are declined."
    )

    def get_initial(self):
        return {"closed_on": timezone.localdate()}

    def get_subject(self):
        return self.get_group().name

    def act(self, form):
        services.group_close(
            group=self.get_group(),
            actor=self.request.user,
            closed_on=form.cleaned_data["closed_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, _("The group is closed."))
        return self.get_group().get_manage_url()


class MemberView(ClosedRefusalMixin, OfficeFormMixin, ManageGroupMixin, FormView):
    """Add a member, or change one (their role, term, consent, the day they left)."""

    template_name = "groups/manage/member.html"
    form_class = MemberForm

    def get_member(self) -> GroupMember | None:
        if "member" not in self.kwargs:
            return None
        return get_object_or_404(GroupMember, group=self.get_group(), pk=self.kwargs["member"])

    def get_breadcrumbs(self):
        member = self.get_member()
        label = member.name if member else _("New member")
        return [(self.get_group().name, self.get_group().get_manage_url()), (label, "")]

    def get_initial(self):
        return {"term_starts_on": timezone.localdate(), "term_ends_on": self.get_group().term_ends_on}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_member()
        return kwargs

    def form_valid(self, form):
        try:
            services.member_save(
                group=self.get_group(), actor=self.request.user, member=self.get_member(), data=form.content()
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member is saved."))
        return redirect(self.get_group().get_manage_url())


class RequestMixin(ClosedRefusalMixin, ManageGroupMixin):
    def get_request(self) -> JoinRequest:
        return get_object_or_404(
            JoinRequest, group=self.get_group(), pk=self.kwargs["join"], status=JoinRequest.Status.PENDING
        )

    def get_subject(self):
        request = self.get_request()
        return f"{request.name} · {request.organisation}" if request.organisation else request.name


class AcceptView(RequestMixin, ConfirmActionView):
    form_class = AcceptForm
    title = gettext_lazy("Accept the request to join")
    button = gettext_lazy("Accept as a member")
    explanation = gettext_lazy(
        "The person becomes a member from today. Their name is shown publicly only if they agreed to it."
    )

    def act(self, form):
        member = services.join_request_accept(
            request=self.get_request(), actor=self.request.user, role=form.cleaned_data["role"]
        )
        messages.success(self.request, _("%(name)s is now a member.") % {"name": member.name})
        return self.get_group().get_manage_url()


class DeclineView(RequestMixin, ConfirmActionView):
    form_class = DeclineForm
    title = gettext_lazy("Decline the request to join")
    button = gettext_lazy("Decline")
    button_class = "btn-danger"

    def act(self, form):
        services.join_request_decline(
            request=self.get_request(), actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, _("The request is declined."))
        return self.get_group().get_manage_url()


class OrderCreateView(ClosedRefusalMixin, OfficeFormMixin, ManageGroupMixin, FormView):
    """A new appointment order from the current members and roles; it supersedes the one in force."""

    template_name = "groups/manage/order_form.html"
    form_class = OrderForm
    breadcrumb = gettext_lazy("New appointment order")

    def get_initial(self):
        group = self.get_group()
        return {
            "subject": _("Appointment of %(name)s") % {"name": group.name},
            "body": group.purpose,
            "issued_on": timezone.localdate(),
            "signer_name": self.office.director_name,
            "signer_position": self.office.director_position,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = ranked(self.get_group().members.current())
        context["current_order"] = self.get_group().orders.current().first()
        return context

    def form_valid(self, form):
        try:
            order = services.order_issue(group=self.get_group(), actor=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The order is issued. Print it from this page."))
        return redirect(order.get_print_url())


class OrderView(ManageGroupMixin, TemplateView):
    """An appointment order in the Thai official layout, printable on A4 (staff only: it names every member)."""

    template_name = "groups/manage/order.html"

    def get_order(self) -> AppointmentOrder:
        return get_object_or_404(AppointmentOrder, group=self.get_group(), pk=self.kwargs["order"])

    def get_breadcrumbs(self):
        return [(self.get_group().name, self.get_group().get_manage_url()), (self.get_order().number, "")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.get_order()
        with translation.override("th"):  # an official document is in Thai, whatever the page's language
            rows = [{**row, "role_label": str(order.role_label(row["role"]))} for row in order.members]
        context.update(
            order=order,
            rows=rows,
            superseded_by=order.superseded_by,
        )
        return context


def office_meetings(office):
    """The office's recorded meetings of this fiscal year and the last, through the core's evidence registry."""
    meetings = evidence.source("meetings")
    if meetings is None:
        return []
    year = current_fiscal_year()
    items = []
    for fiscal_year in (year, year - 1):
        items += meetings.collect(office, fiscal_year, limit=50)
    return items


class ActivityView(ClosedRefusalMixin, OfficeFormMixin, ManageGroupMixin, FormView):
    template_name = "groups/manage/activity.html"
    form_class = ActivityForm

    def get_activity(self) -> GroupActivity | None:
        if "activity" not in self.kwargs:
            return None
        return get_object_or_404(GroupActivity, group=self.get_group(), pk=self.kwargs["activity"])

    def get_breadcrumbs(self):
        activity = self.get_activity()
        label = activity.title if activity else _("New activity")
        return [(self.get_group().name, self.get_group().get_manage_url()), (label, "")]

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_activity()
        kwargs["meetings"] = office_meetings(self.office)
        return kwargs

    def form_valid(self, form):
        try:
            services.activity_save(
                group=self.get_group(), actor=self.request.user, activity=self.get_activity(), data=form.content()
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The activity is recorded."))
        return redirect(self.get_group().get_manage_url())
