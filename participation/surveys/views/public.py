"""Public pages of surveys: the list, answering on a phone without JavaScript, the thank-you page,
the published results with their charts, and the QR code that leads to the survey.

Nothing typed is lost: every refusal shows the form again with the answers given. A closed survey
answers with a page that says so, never with the form."""

import io
import logging
import math
import secrets

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from participation import ratelimit
from participation.access import access_public_office
from participation.models import StakeholderGroup
from participation.pagination import page_number, paginate_without_count
from participation.surveys import services
from participation.surveys.forms import AnswerForm, ResultsFilterForm
from participation.surveys.models import Question, Response, Survey
from participation.surveys.results import survey_results
from participation.views import OfficeMixin

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "survey_device"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600  # seconds: a device keeps its token across the yearly surveys


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions with their sections, in order (one query)."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def respondent_groups(survey: Survey):
    """The groups a respondent may name: the survey's target groups, or all the office's when it has none."""
    groups = StakeholderGroup.objects.for_office(survey.office)
    targeted = groups.filter(pk__in=survey.target_groups.values("pk"))
    return targeted if targeted.exists() else groups


def printed_address(request, survey: Survey) -> str:
    """The survey's address as posters and QR codes carry it: the Thai one at the root, whatever the
    language of the page that made it (printed addresses are stable; the page offers English)."""
    with override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(survey.get_absolute_url())


def qr_svg(url: str, *, scale: int = 4, title: str = "") -> str:
    """The address as a QR code in SVG markup, drawn on the server (segno), to inline or to serve."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, scale=scale, title=title or None, nl=False, svgclass="qr")
    return out.getvalue().decode()


class SurveyListView(OfficeMixin, TemplateView):
    """Surveys taking answers now, then the others that were put before the public, latest first."""

    template_name = "surveys/public/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surveys = Survey.objects.for_office(self.office).public().select_related("office")
        accepting = list(surveys.accepting().order_by("closes_at", "pk")[:20])
        others = surveys.exclude(pk__in=[survey.pk for survey in accepting]).order_by("-opens_at", "-pk")
        others, page = paginate_without_count(others, number=page_number(self.request), per_page=20)
        context.update(
            active_section="surveys",
            accepting=accepting,
            others=others,
            page_obj=page,
            is_paginated=page.has_other_pages(),
        )
        return context


class PublicSurveyMixin(OfficeMixin):
    def get_survey(self) -> Survey:
        if not hasattr(self, "_survey"):
            self._survey = get_object_or_404(
                Survey.objects.for_office(self.office).public().select_related("office"), pk=self.kwargs["pk"]
            )
        return self._survey

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(active_section="surveys", survey=self.get_survey())
        return context


class SurveyDetailView(PublicSurveyMixin, TemplateView):
    """The survey: its form while it takes answers, a clear page when it does not."""

    template_name = "surveys/public/detail.html"
    closed_template_name = "surveys/public/closed.html"

    def get_form(self, data=None) -> AnswerForm:
        survey = self.get_survey()
        return AnswerForm(data, survey=survey, questions=survey_questions(survey), groups=respondent_groups(survey))

    def answered_here(self) -> bool:
        """Whether this device has answered the survey already (a reminder, not a refusal)."""
        token = self.request.COOKIES.get(DEVICE_COOKIE)
        if not token:
            return False
        device = services.device_fingerprint(token)
        return Response.objects.filter(survey=self.get_survey(), device=device).exists()

    def get_template_names(self):
        return [self.template_name if self.get_survey().is_accepting() else self.closed_template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.get_survey()
        if survey.is_accepting():
            form = kwargs.get("form") or self.get_form()
            context.update(form=form, sections=form.sections(), answered_here=self.answered_here())
        return context

    def closed(self):
        """The survey takes no answers: say so, and keep nothing."""
        response = self.render_to_response(self.get_context_data(refused=True))
        response.status_code = 409
        return response

    def refuse(self, form, message: str, status: int = 400):
        """Show the form again, with the answers given and why they were not kept."""
        form.add_error(None, message)
        form.restart_clock()
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = status
        return response

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        if not survey.is_accepting():
            return self.closed()
        form = self.get_form(request.POST)
        address = ratelimit.client_address(request)
        if not ratelimit.allow("survey", address):
            minutes = math.ceil(ratelimit.retry_after("survey") / 60)
            response = self.refuse(
                form,
                _(
                    "Many answers came from your connection in a short time. Your answers are kept below: "
                    "please send them again in %(minutes)d minutes."
                )
                % {"minutes": minutes},
                status=429,
            )
            response["Retry-After"] = str(ratelimit.retry_after("survey"))
            ratelimit.refund("survey", address)  # refused: it does not count either
            return response
        received = False
        try:
            response, received = self.receive(form)
        finally:
            if not received:
                # Only answers kept count against the connection (people share a school's address).
                ratelimit.refund("survey", address)
        return response

    def receive(self, form):
        if not form.is_valid():
            form.restart_clock()
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response, False
        taken = form.seconds_taken()
        if taken is None or taken < settings.FEEDBACK_MIN_SECONDS:
            return self.refuse(form, _("Please check your answers once more, then send them.")), False
        thanks = redirect("surveys:thanks", office=self.office.slug, pk=self.get_survey().pk)
        if form.is_robot():
            return thanks, False  # a robot learns nothing, and nothing is kept
        device = self.request.COOKIES.get(DEVICE_COOKIE) or secrets.token_hex(16)
        try:
            _response, created = services.response_submit(
                survey=self.get_survey(),
                answers=form.answers(),
                group=form.cleaned_data["group"],
                token=form.cleaned_data["token"],
                device=device,
            )
        except ValidationError as error:
            if error.code == "closed":
                return self.closed(), False
            return self.refuse(form, " ".join(error.messages)), False
        except DatabaseError:
            logger.exception("Survey answers could not be stored")
            return self.refuse(
                form,
                _("Sorry, your answers could not be stored just now. They are still below: please try again."),
                503,
            ), False
        thanks.set_cookie(
            DEVICE_COOKIE,
            device,
            max_age=DEVICE_COOKIE_AGE,
            path="/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return thanks, created


class ThanksView(PublicSurveyMixin, TemplateView):
    template_name = "surveys/public/thanks.html"


class ResultsView(PublicSurveyMixin, TemplateView):
    """The published results, of everyone or of one stakeholder group."""

    template_name = "surveys/public/results.html"

    def get_survey(self) -> Survey:
        survey = super().get_survey()
        if not survey.results_public:
            raise Http404("The results are not published")
        return survey

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ResultsFilterForm(self.request.GET or None, office=self.office)
        group_id = filters.group_id()
        context.update(
            filters=filters,
            results=survey_results(self.get_survey(), group_id=group_id),
            group=filters.cleaned_data["group"] if group_id is not None else None,
            staff=False,
        )
        return context


@require_safe
def survey_qr(request, office, pk):
    """The survey's address as a QR code (SVG), for posters, newsletters and slides."""
    office = access_public_office(office)
    survey = get_object_or_404(Survey.objects.for_office(office).public(), pk=pk)
    url = printed_address(request, survey)
    response = HttpResponse(qr_svg(url, scale=8, title=survey.title), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="survey-{survey.pk}-qr.svg"'
    return response
