"""Reports on feedback: the public "you said, we did" page and the year's figures (with a CSV), and the
workspace pages for a person's requests about their personal data (find, export, erase) across the
office's records (participation.personaldata).

The public pages read only what they show: never the sender's name, e-mail, phone or message. Of
reports of misconduct they show counts only (received, in progress, finished, per half-year).
"""

import csv
import dataclasses
import io
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from django.views.generic import FormView, ListView, TemplateView

from participation import personaldata
from participation.access import access_public_office
from participation.feedback import services
from participation.feedback import stats as feedback_stats
from participation.feedback.forms import ProcedureForm
from participation.feedback.models import Feedback
from participation.feedback.procedure import default_procedure, procedure_text
from participation.fiscal import be_year, current_fiscal_year, fiscal_year_range
from participation.pagination import CountlessPaginationMixin
from participation.permissions import Ability
from participation.personaldata.forms import EraseForm, ExportForm, PersonForm
from participation.spreadsheets import export_cell
from participation.views import OfficeMixin, OfficeStaffMixin

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
        misconduct = feedback_stats.misconduct_figures(Feedback.objects.for_office(self.office), fiscal_year)
        context.update(
            active_section="feedback",
            misconduct=[{"label": period_label(p, fiscal_year), "figures": p} for p in misconduct],
            misconduct_received=misconduct[0].received,
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
            _("In progress"),
            _("Finished"),
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
    # Reports of misconduct: how many, and where they stand; "0" states that none were received.
    for period in feedback_stats.misconduct_figures(Feedback.objects.for_office(office), fiscal_year):
        writer.writerow(
            [
                _("Reports of misconduct"),
                period_label(period, fiscal_year),
                _number(period.received),
                *[""] * 6,
                _number(period.in_progress),
                _number(period.finished),
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"feedback-{office.slug}-{fiscal_year}.csv")
    return response


# --- How complaints are handled ---------------------------------------------------------


class ProcedureView(OfficeMixin, TemplateView):
    """The office's complaint-handling procedure: steps, responsible unit, time limits, protection."""

    template_name = "feedback/public/procedure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text, is_default = procedure_text(self.office)
        context.update(active_section="feedback", procedure=text, is_default=is_default)
        return context


class ProcedureEditView(OfficeStaffMixin, FormView):
    """The director writes the office's procedure (empty: the portal's default)."""

    template_name = "feedback/manage/procedure.html"
    form_class = ProcedureForm
    section = "feedback"
    breadcrumb = gettext_lazy("Complaint-handling procedure")
    required_ability = Ability.DIRECT

    def get_initial(self):
        text, is_default = procedure_text(self.office)
        return {"text": "" if is_default else text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["default_text"] = default_procedure(self.office)
        return context

    def form_valid(self, form):
        services.complaint_procedure_save(office=self.office, actor=self.request.user, text=form.cleaned_data["text"])
        messages.success(self.request, _("The complaint-handling procedure is saved and published."))
        return redirect("feedback:procedure", office=self.office.slug)


# --- Personal data requests ---------------------------------------------------------
#
# Everything goes by POST: the e-mail address, phone number or name of the person never appears in an
# address (which access logs, browser histories and Referer headers keep), and Django's error reports
# leave the posted values out (sensitive_post_parameters). Every search, copy and erasure writes an
# audit row (participation.personaldata).

PERSON_FIELDS = ("email", "phone", "name")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


@method_decorator(sensitive_post_parameters(*PERSON_FIELDS), name="dispatch")
class PersonalDataMixin(OfficeStaffMixin):
    section = "feedback"
    breadcrumb = gettext_lazy("Personal data requests")

    def search_url(self) -> str:
        return reverse("feedback:manage_personal_data", kwargs={"office": self.office.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sees_misconduct=self.standing.can_handle_misconduct,
            kinds=[source.label for source in personaldata.sources()],
            search_url=self.search_url(),
        )
        return context

    def private(self, response):
        # Personal data: kept by no browser or proxy cache.
        response["Cache-Control"] = "private, no-store"
        return response

    def search_page(self, form, status: int = 200, **context):
        response = TemplateResponse(
            self.request,
            "feedback/manage/personal_data.html",
            self.get_context_data(form=form, **context),
            status=status,
        )
        return self.private(response)


class PersonalDataView(PersonalDataMixin, TemplateView):
    """Find a person in the office (feedback, registrations, named attendees, network members): the form
    is posted, and the results are the answer to the POST."""

    def get(self, request, *args, **kwargs):
        if request.GET:
            # A search in the address (an old bookmark, a typed link) is not run: back to the bare address,
            # so that the page, its links and the next Referer do not carry it either.
            return redirect(self.search_url())
        return self.search_page(PersonForm())

    def post(self, request, *args, **kwargs):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return self.search_page(form, status=400)
        findings = personaldata.person_search(
            office=self.office, person=form.person(), standing=self.standing, actor=request.user
        )
        return self.search_page(form, findings=findings, person=form.person())


class PersonalDataExportView(PersonalDataMixin, TemplateView):
    """A copy of everything found (JSON or CSV), each record with its kind; POST only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.search_page(form, status=400)
        document = personaldata.person_export(
            office=self.office,
            person=form.person(),
            standing=self.standing,
            actor=request.user,
            format=form.cleaned_data["format"],
        )
        if form.cleaned_data["format"] == "json":
            body = json.dumps(document, ensure_ascii=False, indent=2)
            return self._attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), "json")
        return self._attachment(self.csv_response(document["records"]), "csv")

    def csv_response(self, records: list[dict]) -> HttpResponse:
        columns = []
        for record in records:
            columns += [name for name in record if name not in columns]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns or ["kind"])
        for record in records:
            writer.writerow([export_cell(_cell(record.get(name))) for name in columns])
        body = out.getvalue().encode("utf-8-sig")  # with a BOM, so that Excel shows Thai
        return HttpResponse(body, content_type="text/csv; charset=utf-8")

    def _attachment(self, response, extension: str):
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = content_disposition_header(
            True, f"personal-data-{self.office.slug}-{stamp}.{extension}"
        )
        return self.private(response)


class PersonalDataEraseView(PersonalDataMixin, TemplateView):
    """Posted from the results: the confirmation, with every record and every proposed change to a text
    ticked; posted again with `confirm`: the erasure of what stays ticked. GET goes back to the search."""

    template_name = "feedback/manage/personal_data_erase.html"
    title = gettext_lazy("Erase personal data")

    def get_breadcrumbs(self):
        return [(self.breadcrumb, self.search_url()), (self.title, "")]

    def get(self, request, *args, **kwargs):
        return redirect(self.search_url())

    def post(self, request, *args, **kwargs):
        search = PersonForm(request.POST)
        if not search.is_valid():
            messages.error(request, _("Search for the person first."))
            return redirect(self.search_url())
        person = search.person()
        confirming = bool(request.POST.get("confirm"))
        find = personaldata.person_find if confirming else personaldata.person_search
        extra = {} if confirming else {"actor": request.user, "purpose": "erase"}
        findings = find(office=self.office, person=person, standing=self.standing, **extra)
        proposals = findings.proposals()
        if not confirming:
            return self.confirmation(self.fresh_form(findings, proposals), findings, proposals)
        form = EraseForm(request.POST)
        form.set_choices(findings, proposals)
        if form.is_valid() and not form.cleaned_data["records"]:
            form.add_error("records", _("Tick at least one record to erase."))
        if not form.is_valid():
            return self.confirmation(form, findings, proposals, status=400)
        try:
            done = personaldata.person_erase(
                office=self.office,
                person=person,
                standing=self.standing,
                actor=request.user,
                records=set(form.cleaned_data["records"]),
                redact=set(form.cleaned_data["redact"]),
                expected=form.cleaned_data["fingerprint"],
            )
        except ValidationError as error:
            # What changed is shown now, everything ticked again, with why nothing was erased.
            findings = personaldata.person_find(office=self.office, person=person, standing=self.standing)
            proposals = findings.proposals()
            form = self.fresh_form(findings, proposals)
            return self.confirmation(form, findings, proposals, status=400, errors=error.messages)
        total = sum(done.erased.values())
        messages.success(
            request,
            ngettext(
                "The person's data was erased from %(count)d record.",
                "The person's data was erased from %(count)d records.",
                total,
            )
            % {"count": total},
        )
        return redirect(self.search_url())

    def fresh_form(self, findings, proposals) -> EraseForm:
        """Everything ticked, as the confirmation first shows it."""
        person = findings.person
        form = EraseForm(
            initial={
                "email": person.email,
                "phone": person.phone,
                "name": person.name,
                "confirm": True,
                "fingerprint": findings.fingerprint(),
                "records": [record.key for record in findings.records],
                "redact": [proposal.key for proposal in proposals],
            }
        )
        form.set_choices(findings, proposals)
        return form

    def confirmation(self, form, findings, proposals, status: int = 200, errors=()):
        if form.is_bound:
            ticked_records = set(form.data.getlist("records"))
            ticked_texts = set(form.data.getlist("redact"))
        else:
            ticked_records, ticked_texts = set(form.initial["records"]), set(form.initial["redact"])
        context = self.get_context_data(
            form=form,
            findings=findings,
            proposals=proposals,
            ticked_records=ticked_records,
            ticked_texts=ticked_texts,
            title=self.title,
            errors=[*errors, *form.non_field_errors()],
        )
        return self.private(self.render_to_response(context, status=status))
