"""Public pages of meetings: lists, a meeting with its attendance chart, calendar files, registration."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from participation import ratelimit
from participation.access import access_public_office
from participation.meetings.calendar import EVENT_FIELDS, meetings_calendar
from participation.meetings.forms import MeetingFilterForm, RegistrationForm
from participation.meetings.models import Meeting, MeetingFile
from participation.meetings.services import registration_create
from participation.pagination import page_number, paginate_without_count
from participation.permissions import Ability, can
from participation.searching import office_search_url
from participation.uploads import protected_file_response
from participation.views import OfficeMixin

# The office's calendar feed: the meetings still to come and those of the past 90 days, at most 150
# of them (upcoming ones first). A calendar app needs what is coming and a little of what just
# happened; each event costs about a third of a millisecond to write, so the cap keeps the first
# render of the largest office's feed well under 100 ms. Older meetings stay on the meetings pages.
CALENDAR_PAST = datetime.timedelta(days=90)
CALENDAR_MAX_EVENTS = 150


def attendance_chart(rows) -> list[dict]:
    """Bars for the attendance chart: each group's attended (or invited) share of the largest figure."""
    largest = max([max(row.invited, row.attended or 0) for row in rows] or [0]) or 1
    return [
        {
            "label": row.group.display_name,
            "invited": row.invited,
            "attended": row.attended,
            "invited_pct": round(100 * row.invited / largest, 1),
            "attended_pct": round(100 * (row.attended or 0) / largest, 1),
        }
        for row in rows
    ]


def attendance_to_show(meeting, rows) -> tuple[list[dict], list[str]]:
    """The attendance chart once there is attendance to show, else the names of the groups invited.

    Before a meeting takes place its rows hold only the numbers invited: a chart of them reads as an
    empty attendance table above the registration form. The chart waits until the meeting is over or
    someone recorded who came; a cancelled meeting shows neither."""
    if meeting.has_taken_place or any(row.attended is not None for row in rows):
        return attendance_chart(rows), []
    if meeting.status == Meeting.Status.CANCELLED:
        return [], []
    return [], [row.group.display_name for row in rows]


class MeetingListView(OfficeMixin, TemplateView):
    template_name = "meetings/public/list.html"

    def get(self, request, *args, **kwargs):
        # `?q=` is a search of the office's meetings, on the search page (ranked, highlighted, rate-limited).
        text = request.GET.get("q", "")
        if text.strip() and (target := office_search_url(self.office, text, kind="meetings")):
            return redirect(target)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = Meeting.objects.for_office(self.office).public().with_totals()
        filters = MeetingFilterForm(self.request.GET)
        past = meetings.past()
        if filters.is_valid() and filters.cleaned_data["year"]:
            past = past.in_fiscal_year(filters.cleaned_data["year"])
        # Pages of past meetings without counting them: a large office has thousands.
        past = past.order_by("-starts_at", "-pk")  # a full order, so that pages neither repeat nor skip
        past, page = paginate_without_count(past, number=page_number(self.request), per_page=20)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            active_section="meetings",
            upcoming=list(meetings.upcoming()[:20]),
            page_obj=page,
            past=past,
            is_paginated=page.has_other_pages(),
            filters=filters,
            filter_query=query.urlencode(),
        )
        return context


class MeetingDetailView(OfficeMixin, DetailView):
    template_name = "meetings/public/detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return (
            Meeting.objects.for_office(self.office)
            .public()
            .with_totals()
            .with_attendance()
            .prefetch_related("files", "actions")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        files = list(meeting.files.all())
        rows = list(meeting.attendance.all())
        chart, invited_groups = attendance_to_show(meeting, rows)
        context.update(
            active_section="meetings",
            chart=chart,
            invited_groups=invited_groups,
            photos=[item for item in files if item.is_image],
            documents=[item for item in files if not item.is_image],
            actions=list(meeting.actions.all()),
            is_full=meeting.capacity is not None and meeting.registration_count >= meeting.capacity,
            registration_form=kwargs.get("registration_form") or RegistrationForm(meeting=meeting),
            share_url=self.request.build_absolute_uri(meeting.get_absolute_url()),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Register for the meeting; the confirmation is e-mailed by the task queue."""
        self.object = meeting = self.get_object()
        form = RegistrationForm(request.POST, meeting=meeting)
        address = ratelimit.client_address(request)
        if not ratelimit.allow("register", address):
            # Refused: it does not count, and the form keeps what was typed.
            ratelimit.refund("register", address)
            seconds = ratelimit.retry_after("register")
            minutes = ratelimit.wait_minutes(seconds)
            form.is_valid()
            form.add_error(
                None,
                ngettext(
                    "Many registrations came from your connection. Please try again in %(minutes)d minute.",
                    "Many registrations came from your connection. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.render_to_response(self.get_context_data(registration_form=form))
            return ratelimit.refused(response, seconds)
        if form.is_valid():
            try:
                registration_create(meeting=meeting, data=form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("You are registered. A confirmation is on its way to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect(meeting.get_absolute_url())
        # Only registrations made count against the connection: a typo, a full meeting or a second
        # registration of the same address gives its attempt back.
        ratelimit.refund("register", address)
        response = self.render_to_response(self.get_context_data(registration_form=form))
        response.status_code = 400
        return response


def calendar_url_format(request, office) -> str:
    """The absolute address of the office's meetings with a {pk} field: one reverse() per file.
    The key is a whole path segment, so the sample key reversed here is replaced unambiguously."""
    address = request.build_absolute_uri(reverse("meetings:detail", kwargs={"office": office.slug, "pk": 0}))
    head, _, tail = address.replace("{", "{{").replace("}", "}}").rpartition("/0/")
    return f"{head}/{{pk}}/{tail}"


def calendar_response(request, office, meetings, *, name: str, filename: str, disposition: str) -> HttpResponse:
    body = meetings_calendar(
        meetings,
        name=name,
        url_format=calendar_url_format(request, office),
        host=request.get_host().split(":")[0],
        organizer_email=office.email,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def office_calendar(request, office):
    """The office's public meetings for calendar apps to subscribe to: those that started within
    the past CALENDAR_PAST or are still to come, at most CALENDAR_MAX_EVENTS of them; the ones not
    ended yet go first (soonest first), then the recent past (latest first). Older meetings stay on
    the meetings pages and in each meeting's own .ics file, which is unchanged."""
    office = access_public_office(office)
    now = timezone.now()
    # Both reads start from CALENDAR_PAST ago on the (office, is_public, starts_at) index, however
    # many meetings the office held before; they load only what an event shows.
    public = Meeting.objects.for_office(office).public().filter(starts_at__gte=now - CALENDAR_PAST)
    public = public.only(*EVENT_FIELDS)
    meetings = list(public.filter(ends_at__gte=now).order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS])
    if len(meetings) < CALENDAR_MAX_EVENTS:
        past = public.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        meetings += past[: CALENDAR_MAX_EVENTS - len(meetings)]
    return calendar_response(
        request, office, meetings, name=office.name, filename=f"meetings-{office.slug}.ics", disposition="inline"
    )


@require_safe
def meeting_calendar(request, office, pk):
    """One meeting as a file to add to a calendar."""
    office = access_public_office(office)
    meeting = get_object_or_404(Meeting.objects.for_office(office).public(), pk=pk)
    return calendar_response(
        request, office, [meeting], name=meeting.title, filename=f"meeting-{meeting.pk}.ics", disposition="attachment"
    )


@require_safe
def meeting_file(request, office, pk, file):
    """A photo (shown in the page) or a document (downloaded) of a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("office"), pk=pk, office__slug=office)
    if not (meeting.is_public and meeting.office.is_active) and not can(request.user, meeting.office, Ability.PREVIEW):
        raise Http404
    item = get_object_or_404(MeetingFile, pk=file, meeting=meeting)
    return protected_file_response(
        item.file, filename=item.original_name, content_type=item.content_type, inline=item.is_image
    )
