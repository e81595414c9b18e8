"""Public pages of working groups: the list, a group with its practices, publicly named members,
activities and awards, the "join this group" form and the group's yearly report.

A member's name appears only when they agreed (`name_public`); the others are counted by role."""

import math
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from participation import evidence, ratelimit
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.groups import services
from participation.groups.forms import JoinForm
from participation.groups.models import AppointmentOrder, Award, GroupActivity, GroupMember, WorkingGroup, ranked
from participation.views import OfficeMixin

ACTIVITIES_SHOWN = 20
AWARDS_SHOWN = 20
NAMES_SHOWN = 50  # a committee rarely has more; the page counts the rest by role


def linked_meetings(office, activities) -> dict[int, object]:
    """The office's recorded meetings the activities link to, by id, through the core's evidence
    registry (one look-up for all of them); only public ones have an address."""
    ids = {activity.meeting_id for activity in activities if activity.meeting_id}
    meetings = evidence.source("meetings")
    if not ids or meetings is None or meetings.find is None:
        return {}
    return {item.item_id: item for item in meetings.find(office, ids) if item.is_public}


def attach_meetings(office, activities) -> list:
    found = linked_meetings(office, activities)
    for activity in activities:
        activity.meeting = found.get(activity.meeting_id)
    return activities


class GroupListView(OfficeMixin, TemplateView):
    template_name = "groups/public/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = (
            WorkingGroup.objects.for_office(self.office)
            .public()
            .select_related("office")
            .order_by("status", "-founded_on", "pk")
        )
        context.update(active_section="groups", groups=list(groups[:100]))
        return context


class PublicGroupMixin(OfficeMixin):
    def get_group(self) -> WorkingGroup:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                WorkingGroup.objects.for_office(self.office).public().select_related("office"), pk=self.kwargs["pk"]
            )
        return self._group

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(active_section="groups", group=self.get_group())
        return context


class GroupDetailView(PublicGroupMixin, TemplateView):
    template_name = "groups/public/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        current = GroupMember.objects.filter(group=group).current()
        # Counted by role in the database: a row per role, however many members.
        roles = Counter(dict(current.order_by().values_list("role").annotate(n=Count("pk"))))
        named_roles = Counter(dict(current.named_publicly().order_by().values_list("role").annotate(n=Count("pk"))))
        named = ranked(current.named_publicly().order_by("pk")[:NAMES_SHOWN])
        unnamed = roles - Counter(member.role for member in named)
        activities = list(GroupActivity.objects.filter(group=group).public()[:ACTIVITIES_SHOWN])
        awards = list(Award.objects.filter(group=group).with_members()[:AWARDS_SHOWN])
        context.update(
            stakeholder_groups=list(group.stakeholder_groups.all()),
            named_members=named,
            unnamed=[(GroupMember.Role(role).label, n) for role, n in sorted(unnamed.items()) if n > 0],
            more_named=sum(named_roles.values()) - len(named),
            member_count=sum(roles.values()),
            activities=attach_meetings(self.office, activities),
            awards=awards,
            order=AppointmentOrder.objects.filter(group=group).current().first(),
            report_year=current_fiscal_year(),
        )
        return context


class JoinView(PublicGroupMixin, FormView):
    """Ask to join: staff accept or decline. Abuse protection as for feedback: a rate limit per
    connection, a hidden field robots fill, a signed start time and a token per form."""

    template_name = "groups/public/join.html"
    form_class = JoinForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    def refuse(self, form, message: str, status: int = 400):
        """The form again with what was typed and why it was not sent."""
        form.add_error(None, message)
        form.restart_clock()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not self.get_group().accepts_requests:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        address = ratelimit.client_address(request)
        if not ratelimit.allow("group_join", address):
            minutes = math.ceil(ratelimit.retry_after("group_join") / 60)
            message = _("Many requests came from your connection. Please send it again in %(minutes)d minutes.")
            response = self.refuse(form, message % {"minutes": minutes}, status=429)
            response["Retry-After"] = str(ratelimit.retry_after("group_join"))
            ratelimit.refund("group_join", address)  # refused: it does not count either
            return response
        received = False
        try:
            response, received = self.receive(form)
        finally:
            if not received:
                # Only requests received count against the connection (people share a school's address).
                ratelimit.refund("group_join", address)
        return response

    def receive(self, form):
        if not form.is_valid():
            form.restart_clock()
            return self.render_to_response(self.get_context_data(form=form), status=400), False
        taken = form.seconds_taken()
        if taken is None or taken < settings.FEEDBACK_MIN_SECONDS:
            return self.refuse(form, _("Please check your request once more, then send it.")), False
        if form.is_robot():
            # Answered like a person, stored nowhere.
            messages.success(self.request, _("Thank you. The office will contact you about your request."))
            return redirect(self.get_group().get_absolute_url()), False
        try:
            _request, created = services.join_request_submit(
                group=self.get_group(), data=form.content(), token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            return self.refuse(form, " ".join(error.messages)), False
        messages.success(self.request, _("Thank you. The office will contact you about your request."))
        return redirect(self.get_group().get_absolute_url()), created


class YearReportView(PublicGroupMixin, TemplateView):
    """The group's report of one fiscal year, compiled from its public activities."""

    template_name = "groups/public/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group, year = self.get_group(), self.kwargs["year"]
        # Only years the group has lived through so far.
        if not 2400 < year <= current_fiscal_year() or fiscal_year_range(year)[1] < group.founded_on:
            raise Http404
        start, end = fiscal_year_range(year)
        activities = list(GroupActivity.objects.filter(group=group).public().in_fiscal_year(year).order_by("held_on"))
        by_kind = Counter(activity.kind for activity in activities)
        context.update(
            year=year,
            year_start=start,
            year_end=end,
            activities=attach_meetings(self.office, activities),
            by_kind=[(GroupActivity.Kind(kind).label, n) for kind, n in sorted(by_kind.items())],
            participants=sum(activity.participants or 0 for activity in activities),
            awards=list(Award.objects.filter(group=group, fiscal_year=year).with_members()),
        )
        return context
