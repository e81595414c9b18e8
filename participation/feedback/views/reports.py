"""Reports on feedback: the public "you said, we did" page and the year's figures (with a CSV), and the
workspace page for a person's requests about their personal data (find, export, erase).

The public pages read only what they show: never the sender's name, e-mail, phone or message, and
never reports of misconduct.
"""

import csv
import dataclasses
import datetime
import io
import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView, TemplateView

from participation.access import access_public_office
from participation.feedback import stats as feedback_stats
from participation.feedback.forms import PersonConfirmForm, PersonForm
from participation.feedback.models import Feedback
from participation.feedback.services import person_erase
from participation.fiscal import be_year, current_fiscal_year, fiscal_year_range
from participation.pagination import CountlessPaginationMixin
from participation.spreadsheets import export_cell
from participation.views import ConfirmActionView, OfficeMixin, OfficeStaffMixin

# The public answers page reads these columns and no others.
ANSWER_FIELDS = ("pk", "kind", "subject", "received_on", "answered_at", "answer")
# Fiscal years before this one are refused by ?year= (the portal holds nothing older).
FIRST_FISCAL_YEAR = 2550
YEARS_OFFERED = 6


# --- "You said, we did" ---------------------------------------------------------


class AnswersView(CountlessPaginationMixin, OfficeMixin, ListView):
    template_name = "feedback/public/answers.html"
    context_object_name = "answers"
    paginate_by = 20

    def get_queryset(self):
        return (
            Feedback.objects.for_office(self.office)
            .publicly_answered()
            .only(*ANSWER_FIELDS)
            .order_by("-answered_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_section"] = "feedback"
        return context


# --- Figures ------------------------------------------------------------------------


def selected_fiscal_year(request) -> int:
    """The fiscal year asked for with ?year= (Buddhist era); the current one when missing or invalid."""
    current = current_fiscal_year()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current
    return year if FIRST_FISCAL_YEAR <= year <= current else current


def month_label(first_day) -> str:
    """“ตุลาคม 2567” on Thai pages, “October 2024” on English ones."""
    year = be_year(first_day) if get_language() == "th" else first_day.year
    return f"{MONTHS[first_day.month]} {year}"


def office_statistics(office, fiscal_year: int) -> feedback_stats.YearStatistics:
    """The office's figures, with the months named in the page's language."""
    stats = feedback_stats.year_statistics(Feedback.objects.for_office(office), fiscal_year)
    months = [dataclasses.replace(row, label=month_label(row.key)) for row in stats.by_month]
    return dataclasses.replace(stats, by_month=months)


def period_label(period: feedback_stats.Period, fiscal_year: int) -> str:
    return {
        "year": _("Whole fiscal year %(year)s") % {"year": fiscal_year},
        "first_half": _("First half (October–March)"),
        "second_half": _("Second half (April–September)"),
    }[period.key]


class StatsView(OfficeMixin, TemplateView):
    template_name = "feedback/public/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fiscal_year = selected_fiscal_year(self.request)
        current = current_fiscal_year()
        years = list(range(current, max(current - YEARS_OFFERED, FIRST_FISCAL_YEAR - 1), -1))
        stats = office_statistics(self.office, fiscal_year)
        context.update(
            active_section="feedback",
            fiscal_year=fiscal_year,
            fiscal_year_start=fiscal_year_range(fiscal_year)[0],
            fiscal_year_end=fiscal_year_range(fiscal_year)[1],
            years=years if fiscal_year in years else [*years, fiscal_year],
            stats=stats,
            periods=[{"label": period_label(p, fiscal_year), "figures": p} for p in stats.periods],
            breakdowns=[
                {"key": "kind", "caption": _("By kind"), "heading": _("Kind"), "rows": stats.by_kind},
                {"key": "channel", "caption": _("By channel"), "heading": _("Channel"), "rows": stats.by_channel},
                {"key": "month", "caption": _("By month received"), "heading": _("Month"), "rows": stats.by_month},
            ],
        )
        return context


def _number(value) -> str:
    """A figure as a plain cell: nothing for “no data”, no trailing “.0”."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@require_safe
def stats_csv(request, office):
    """The year's figures as a spreadsheet: the periods, then each breakdown."""
    office = access_public_office(office)
    fiscal_year = selected_fiscal_year(request)
    stats = office_statistics(office, fiscal_year)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _("Table"),
            _("Row"),
            _("Received"),
            _("Answered"),
            _("Answered by the reply date"),
            _("Answered by the reply date (percent of answered)"),
            _("Median days to answer"),
            _("Average rating (1–5)"),
            _("Ratings"),
        ]
    )
    for period in stats.periods:
        writer.writerow(
            [
                _("Periods"),
                period_label(period, fiscal_year),
                *map(
                    _number,
                    (
                        period.received,
                        period.answered,
                        period.answered_in_time,
                        period.in_time_percent,
                        period.median_days,
                        period.average_rating,
                        period.ratings,
                    ),
                ),
            ]
        )
    tables = [
        (_("By kind"), stats.by_kind),
        (_("By channel"), stats.by_channel),
        (_("By month received"), stats.by_month),
    ]
    for table, rows in tables:
        for row in rows:
            figures = (row.received, row.answered, row.answered_in_time, row.in_time_percent)
            writer.writerow([table, str(row.label), *map(_number, figures), "", "", ""])
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"feedback-{office.slug}-{fiscal_year}.csv")
    return response


# --- Personal data requests ---------------------------------------------------------


EXPORT_FIELDS = (
    "tracking_code",
    "kind",
    "subject",
    "message",
    "name",
    "email",
    "phone",
    "channel",
    "status",
    "received_on",
    "due_on",
    "topic_title",
    "answer",
    "answered_at",
    "rating",
    "rating_comment",
    "rated_at",
    "contact_erased_at",
    "created_at",
)


def _exported(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def person_record(feedback: Feedback) -> dict:
    """One feedback item as given to the person it is about: what they sent and what came of it."""
    record = {name: _exported(getattr(feedback, name)) for name in EXPORT_FIELDS}
    record["group"] = feedback.group.name if feedback.group else ""
    record["files"] = [item.original_name for item in feedback.files.all()]
    return record


class PersonMixin(OfficeStaffMixin):
    section = "feedback"

    def person_feedback(self, form):
        """The searched person's feedback that this user may see."""
        return Feedback.objects.for_office(self.office).visible_to(self.standing).of_person(**form.cleaned_data)


class PersonalDataView(PersonMixin, TemplateView):
    """Find a person's feedback by e-mail or phone, to show, export (JSON or CSV) or erase it."""

    template_name = "feedback/manage/personal_data.html"
    breadcrumb = gettext_lazy("Personal data requests")

    def get(self, request, *args, **kwargs):
        searching = any(request.GET.get(name) for name in ("email", "phone", "format"))
        form = PersonForm(request.GET if searching else None)
        if not form.is_valid():
            status = 400 if searching else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        items = self.person_feedback(form)
        export = request.GET.get("format")
        if export in ("json", "csv"):
            items = items.select_related("group").prefetch_related("files")
            return self.json_response(items) if export == "json" else self.csv_response(items)
        return self.render_to_response(self.get_context_data(form=form, items=list(items), query=form.query()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_misconduct"] = self.standing.can_handle_misconduct
        return context

    def _attachment(self, response, extension: str):
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = content_disposition_header(
            True, f"personal-data-{self.office.slug}-{stamp}.{extension}"
        )
        # Personal data: not kept by browsers' or proxies' caches.
        response["Cache-Control"] = "private, no-store"
        return response

    def json_response(self, items):
        document = {
            "office": self.office.slug,
            "exported_at": timezone.localtime().isoformat(),
            "feedback": [person_record(item) for item in items],
        }
        body = json.dumps(document, ensure_ascii=False, indent=2)
        return self._attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), "json")

    def csv_response(self, items):
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*EXPORT_FIELDS, "group", "files"])
        for item in items:
            record = person_record(item)
            record["files"] = "; ".join(record["files"])
            writer.writerow([export_cell("" if value is None else str(value)) for value in record.values()])
        body = out.getvalue().encode("utf-8-sig")  # with a BOM, so that Excel shows Thai
        return self._attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"), "csv")


class PersonalDataEraseView(PersonMixin, ConfirmActionView):
    """GET: how many items would lose their sender's contact details; POST: remove them."""

    template_name = "feedback/manage/personal_data_erase.html"
    form_class = PersonConfirmForm
    title = button = gettext_lazy("Remove the contact details")
    button_class = "btn-danger"

    def search_url(self) -> str:
        return reverse("feedback:manage_personal_data", kwargs={"office": self.office.slug})

    def get_breadcrumbs(self):
        return [(PersonalDataView.breadcrumb, self.search_url()), *super().get_breadcrumbs()]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("Search for the person first."))
            return redirect(self.search_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.is_valid():
            # Back to the search's results.
            context.update(count=self.person_feedback(form).count(), cancel_url=f"{self.search_url()}?{form.query()}")
        context["sees_misconduct"] = self.standing.can_handle_misconduct
        return context

    def act(self, form):
        count = person_erase(office=self.office, actor=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            ngettext(
                "The contact details were removed from %(count)d feedback item.",
                "The contact details were removed from %(count)d feedback items.",
                count,
            )
            % {"count": count},
        )
        return self.search_url()
