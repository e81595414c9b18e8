"""The public side of feedback: the form, the receipt, following it by tracking code, rating the answer.

Nothing a person typed is lost: every refusal shows the form again with their text, and the
receipt appears only after the row is committed.
"""

import datetime
import functools
import json
import logging
import math

from django.conf import settings
from django.contrib import messages
from django.core import signing
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

# The receipt travels from the form to the receipt page in a signed cookie, not in a database
# session: nothing is written for it, it can be shown whenever the row was committed, and the
# tracking code stays out of addresses (and so out of access logs and the browser's history).
RECEIPT_COOKIE = "feedback_receipt"
RECEIPT_SALT = "participation.feedback.receipt"
RECEIPT_MAX_AGE = 30 * 60  # seconds: time enough to come back after a dropped connection


def receipt_value(feedback: Feedback) -> dict:
    """What the receipt page shows, as it goes into the signed cookie."""
    return {
        "office": feedback.office.slug,
        "code": feedback.tracking_code,
        "kind": feedback.kind,
        "subject": feedback.subject,
        "received_on": feedback.received_on.isoformat(),
        "due_on": feedback.due_on.isoformat(),
        "email": feedback.email,
    }


def receipt_feedback(value: dict) -> Feedback:
    """The receipt's feedback, unsaved, for the template (its code, kind, dates and tracking address)."""
    return Feedback(
        tracking_code=value["code"],
        kind=value["kind"],
        subject=value["subject"],
        received_on=datetime.date.fromisoformat(value["received_on"]),
        due_on=datetime.date.fromisoformat(value["due_on"]),
        email=value["email"],
    )


@method_decorator(never_cache, name="dispatch")
class FeedbackCreateView(OfficeMixin, FormView):
    template_name = "feedback/public/form.html"
    form_class = FeedbackForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["office"] = self.office
        return kwargs

    @functools.cached_property
    def topic(self):
        """What the feedback is about, from the link that led here (looked up once per request)."""
        value = self.request.POST.get("about") or self.request.GET.get("about", "")
        return resolve_topic(self.office, value)

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in Feedback.Kind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(active_section="feedback", topic=self.topic, about=self.request.GET.get("about", ""))
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
            minutes = math.ceil(ratelimit.retry_after("feedback") / 60)
            response = self.refuse(
                form,
                _(
                    "Many messages came from your connection in a short time. Your text is kept below: "
                    "please send it again in %(minutes)d minutes."
                )
                % {"minutes": minutes},
                status=429,
            )
            response["Retry-After"] = str(ratelimit.retry_after("feedback"))
            return response
        self.received = False
        response = self.receive(form)
        if not self.received:
            # Only messages received count against the connection: people behind one school's or one
            # carrier's address must not be locked out by each other's typos.
            ratelimit.refund("feedback", address)
        return response

    def receive(self, form):
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
        if self.topic:
            data["topic_kind"], data["topic_id"], data["topic_title"] = self.topic
        else:
            data["topic_kind"], data["topic_id"] = "", None
        try:
            feedback, created = services.feedback_submit(
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
        # A second click on the same form is not a second message.
        self.received = created
        # Committed: only now is the receipt given.
        response = redirect("feedback:receipt", office=self.office.slug)
        response.set_signed_cookie(
            RECEIPT_COOKIE,
            json.dumps(receipt_value(feedback), separators=(",", ":")),
            salt=RECEIPT_SALT,
            max_age=RECEIPT_MAX_AGE,
            path=response["Location"],
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


@method_decorator(never_cache, name="dispatch")
class ReceiptView(OfficeMixin, TemplateView):
    """The receipt of what this browser just sent: tracking code, reply date, how to follow it."""

    template_name = "feedback/public/receipt.html"

    def get(self, request, *args, **kwargs):
        if not request.COOKIES.get(RECEIPT_COOKIE):
            return redirect("feedback:track")
        self.feedback = self.read_receipt()
        response = self.render_to_response(self.get_context_data(), status=200 if self.feedback else 400)
        # Shown once: on a shared computer the next person must not find it here.
        response.delete_cookie(RECEIPT_COOKIE, path=request.path, samesite="Lax")
        return response

    def read_receipt(self) -> Feedback | None:
        """The feedback of the receipt cookie; None when it expired, was altered or is another office's."""
        try:
            signed = self.request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
            value = json.loads(signed)
            if value["office"] != self.office.slug:
                return None
            return receipt_feedback(value)
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            return None

    def get_template_names(self):
        if self.feedback is None:
            # The code is not lost: it was on this page once, and in the e-mail if they gave an address.
            return ["feedback/public/receipt_unavailable.html"]
        return super().get_template_names()

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
