"""The public side of feedback: the form, the receipt, following it by tracking code, rating the answer.

Nothing a person typed is lost: every refusal shows the form again with their text, and the
receipt appears only after the row is committed.
"""

import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, TemplateView

from participation import ratelimit
from participation.feedback import services
from participation.feedback.forms import FeedbackForm, RateForm, TrackForm
from participation.feedback.models import Feedback, normalize_tracking_code
from participation.topics import resolve_topic
from participation.views import OfficeMixin

logger = logging.getLogger(__name__)
RECEIPTS_SESSION_KEY = "feedback_receipts"


@method_decorator(never_cache, name="dispatch")
class FeedbackCreateView(OfficeMixin, FormView):
    template_name = "feedback/public/form.html"
    form_class = FeedbackForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    def get_topic(self):
        value = self.request.POST.get("about") or self.request.GET.get("about", "")
        return resolve_topic(self.office, value)

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in Feedback.Kind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(active_section="feedback", topic=self.get_topic(), about=self.request.GET.get("about", ""))
        context.setdefault("about", self.request.POST.get("about", ""))
        return context

    def refuse(self, form, message: str, status: int = 200):
        """Show the form again, with what was typed and why it was not sent."""
        form.add_error(None, message)
        if self.request.FILES:
            form.add_error(None, _("Browsers cannot keep chosen files: choose them again."))
        form.restart_clock()
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = status
        return response

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        address = ratelimit.client_address(request)
        if not ratelimit.allow("feedback", address):
            minutes = max(1, ratelimit.window_of("feedback") // 60)
            return self.refuse(
                form,
                _(
                    "Many messages came from your connection in a short time. Your text is kept below: "
                    "please send it again in %(minutes)d minutes."
                )
                % {"minutes": minutes},
                status=429,
            )
        if not form.is_valid():
            return self.form_invalid(form)
        taken = form.seconds_taken()
        if taken is None or taken < settings.FEEDBACK_MIN_SECONDS:
            return self.refuse(form, _("Please check your message once more, then send it."))
        return self.form_valid(form)

    def form_invalid(self, form):
        form.restart_clock()
        if self.request.FILES:
            form.add_error(None, _("Browsers cannot keep chosen files: choose them again."))
        return super().form_invalid(form)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        topic = self.get_topic()
        if topic:
            data["topic_kind"], data["topic_id"], data["topic_title"] = topic
        else:
            data["topic_kind"], data["topic_id"] = "", None
        try:
            feedback, _created = services.feedback_submit(
                office=self.office,
                data=data,
                files=data.pop("files"),
                token=data.pop("token"),
                spam=form.is_robot(),
                client=ratelimit.client_address(self.request),
            )
        except services.DuplicateFeedback as error:
            return self.refuse(form, error.messages[0])
        except ValidationError as error:
            return self.refuse(form, " ".join(error.messages))
        except (DatabaseError, OSError):
            # The database or the file storage failed: nothing was stored, and the text is still in the form.
            logger.exception("Feedback could not be stored")
            return self.refuse(
                form,
                _("Sorry, the office could not store your message just now. It is still below: please try again."),
                status=503,
            )
        # Committed: only now is the receipt shown.
        receipts = self.request.session.get(RECEIPTS_SESSION_KEY, [])
        self.request.session[RECEIPTS_SESSION_KEY] = [feedback.tracking_code, *receipts[:9]]
        return redirect("feedback:receipt", office=self.office.slug)


@method_decorator(never_cache, name="dispatch")
class ReceiptView(OfficeMixin, TemplateView):
    """The receipt of what this browser just sent: tracking code, reply date, how to follow it."""

    template_name = "feedback/public/receipt.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.get(RECEIPTS_SESSION_KEY, [])
        self.feedback = (
            Feedback.objects.for_office(self.office)
            .filter(tracking_code__in=codes[:1])
            .select_related("office")
            .first()
        )
        if self.feedback is None:
            return redirect("feedback:track")
        # Shown once: on a shared computer the next person must not find it here.
        request.session[RECEIPTS_SESSION_KEY] = codes[1:]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(feedback=self.feedback, active_section="feedback")
        return context


def track(request):
    """Follow feedback: type the code, or arrive with it in the address."""
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = normalize_tracking_code(form.cleaned_data["code"])
        if code:
            return redirect("feedback:track_code", code=code)
        form.add_error("code", _("Type the code as it is written on your receipt."))
    return render(request, "feedback/public/track.html", {"form": form})


def _tracked(request, code: str) -> Feedback:
    """The feedback with this code; every failure looks the same, and guessing is rate-limited."""
    address = ratelimit.client_address(request)
    if not ratelimit.allow("track", address):
        raise TooManyAttempts
    normalized = normalize_tracking_code(code)
    feedback = (
        Feedback.objects.select_related("office").prefetch_related("events").filter(tracking_code=normalized).first()
    )
    if feedback is None or not feedback.office.is_active:
        raise Http404
    return feedback


class TooManyAttempts(Exception):
    pass


def tracked(view):
    """The feedback of the code in the address for the view; otherwise the same not-found page for
    every failure, or the too-many page once a client has guessed too often."""

    @functools.wraps(view)
    def wrapper(request, code):
        try:
            feedback = _tracked(request, code)
        except TooManyAttempts:
            return render(request, "feedback/public/too_many.html", status=429)
        except Http404:
            return render(request, "feedback/public/not_found.html", {"form": TrackForm()}, status=404)
        return view(request, feedback)

    return wrapper


@never_cache
@require_safe
@tracked
def track_code(request, feedback):
    form = RateForm(initial={"rating": feedback.rating, "comment": feedback.rating_comment})
    return render(request, "feedback/public/tracked.html", tracking_context(feedback, form))


def tracking_context(feedback: Feedback, rate_form) -> dict:
    spam = feedback.status == Feedback.Status.SPAM
    return {
        "feedback": feedback,
        # Spam is not for the sender to learn about: it reads as received, without an answer.
        "shown_status": Feedback.Status.RECEIVED if spam else feedback.status,
        "events": [
            event for event in feedback.events.all() if event.is_public and event.status != Feedback.Status.SPAM
        ],
        "show_answer": feedback.answered_at is not None and not spam,
        "rate_form": rate_form,
    }


@require_POST
@tracked
def rate(request, feedback):
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_rate(
                feedback=feedback, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your rating was saved."))
            return redirect("feedback:track_code", code=feedback.tracking_code)
    return render(request, "feedback/public/tracked.html", tracking_context(feedback, form), status=400)
