"""The public side of feedback: the form, the receipt, following it by tracking code, rating the answer.

Nothing a person typed is lost: every refusal shows the form again with their text, and the
receipt appears only after the row is committed.
"""

import datetime
import functools
import json
import logging
import math
import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, TemplateView

from participation import freshness, ratelimit, thai
from participation.access import access_public_office
from participation.feedback import services
from participation.feedback.forms import STARTED_SALT, FeedbackForm, RateForm, TrackForm
from participation.feedback.models import Feedback, normalize_tracking_code
from participation.models import Office
from participation.topics import resolve_topic
from participation.views import OfficeMixin

logger = logging.getLogger(__name__)

# The receipt travels from the form to the receipt page in a signed cookie, not in a database
# session: nothing is written for it, it can be shown whenever the row was committed, and the
# tracking code stays out of addresses (and so out of access logs and the browser's history).
RECEIPT_COOKIE = "feedback_receipt"
RECEIPT_SALT = "participation.feedback.receipt"
RECEIPT_MAX_AGE = 30 * 60  # seconds: time enough to come back after a dropped connection


# The blank form is the same for every anonymous visitor but for three values, and a receipt the same for
# every submission of one kind but for what was sent: each is rendered once per office, language and
# address, kept in the shared cache with these stand-ins, and each request fills in its own values
# (escaped, in one pass, so a value is never read as a stand-in). Stand-ins, not the values, so a value
# is never served to two people.
STAND_IN = "feedback-page-{}-2c6f0b1e"
STAND_INS = re.compile(re.escape(STAND_IN).replace(r"\{\}", "([a-z_]+)"))
# What may follow the form's address and still share its cached rendering: a kind to preselect, the
# record the feedback is about.
SHARED_FORM_QUERY = {
    "kind": re.compile("|".join(Feedback.Kind.values)),
    "about": re.compile(r"[a-z_]{1,30}:[0-9]{1,10}"),
}


def stand_in(name: str) -> str:
    return STAND_IN.format(name)


def filled_in(html: str, values: dict) -> str:
    """The shared rendering with this request's values in place of the stand-ins."""
    return STAND_INS.sub(lambda match: escape(values[match.group(1)]), html)


def shared_rendering(request, *, office_slug: str, what: str) -> tuple[str | None, str | None]:
    """The cache key of a page that looks the same for every anonymous visitor (None when this
    request's page is theirs alone), and the rendering kept there, if any.

    Kept under the office's versions, as the page cache keeps pages: a rendering found was made
    while the office was open and nothing it shows has changed since."""
    if not may_share(request):
        return None, None
    scopes = (freshness.DIRECTORY, freshness.office_scope(office_slug))
    # The stand-ins are part of the key: a rendering with other stand-ins (an older release) is never filled in.
    signature = f"feedback-{what}|{STAND_IN}|{request.get_full_path()}|{get_language()}"
    key, entry = freshness.find_page(scopes, signature)
    return key, (entry["html"] if entry is not None else None)


def keep_rendering(key: str, html: str) -> None:
    freshness.keep_page(key, {"html": html}, settings.PAGE_CACHE_SECONDS)


def may_share(request) -> bool:
    """An anonymous visitor with no message waiting (as the page cache decides), and nothing in the
    address but a kind and a topic."""
    return (
        request.method == "GET"
        and bool(settings.PAGE_CACHE_SECONDS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and all(
            name in SHARED_FORM_QUERY and len(values) == 1 and SHARED_FORM_QUERY[name].fullmatch(values[0])
            for name, values in request.GET.lists()
        )
    )


def public_office(slug: str) -> Office:
    """The office of a public feedback page, from the shared cache when it holds it (404 as
    access_public_office: for an unknown or closed office nothing is cached)."""
    # Kept under the directory's version, which every save of any office replaces: a renamed,
    # closed or re-configured office is read from the database again on the next request.
    # The fields are part of the key: an office kept by an older release is never read by a newer one.
    fields = ",".join(field.attname for field in Office._meta.concrete_fields)
    key, entry = freshness.find_page((freshness.DIRECTORY,), f"feedback-office|{fields}|{slug}")
    if entry is not None:
        return entry["office"]
    office = access_public_office(slug)
    if settings.PAGE_CACHE_SECONDS:
        freshness.keep_page(key, {"office": office}, settings.PAGE_CACHE_SECONDS)
    return office


class PublicOfficeMixin(OfficeMixin):
    """OfficeMixin with the office from the shared cache: intake reads it on every request."""

    def dispatch(self, request, *args, **kwargs):
        self.office = public_office(kwargs[self.office_url_kwarg])
        return super(OfficeMixin, self).dispatch(request, *args, **kwargs)


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
class FeedbackCreateView(PublicOfficeMixin, FormView):
    template_name = "feedback/public/form.html"
    form_class = FeedbackForm
    shared_key = None  # where the blank form's rendering is kept, when this request may use it

    def dispatch(self, request, *args, **kwargs):
        self.shared_key, html = shared_rendering(request, office_slug=kwargs[self.office_url_kwarg], what="form")
        if html is not None:
            return self.fill_in(html)  # neither the office nor the form is needed
        return super().dispatch(request, *args, **kwargs)

    def fill_in(self, html: str) -> HttpResponse:
        """The blank form with this request's CSRF token, form token and start time."""
        values = {
            "csrf": get_token(self.request),
            "token": str(uuid.uuid4()),
            "started": signing.dumps(time.time(), salt=STARTED_SALT),
        }
        return HttpResponse(filled_in(html, values))

    def get(self, request, *args, **kwargs):
        if self.shared_key is None:
            return super().get(request, *args, **kwargs)
        form = self.get_form()
        form.initial.update(token=stand_in("token"), started=stand_in("started"))
        context = self.get_context_data(form=form, csrf_token=stand_in("csrf"))
        html = self.render_to_response(context).rendered_content
        keep_rendering(self.shared_key, html)
        return self.fill_in(html)

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
class ReceiptView(PublicOfficeMixin, TemplateView):
    """The receipt of what this browser just sent: tracking code, reply date, how to follow it."""

    template_name = "feedback/public/receipt.html"

    shared_key = None  # where this kind of receipt's rendering is kept, when this request may use it

    def dispatch(self, request, *args, **kwargs):
        has_cookie = bool(request.COOKIES.get(RECEIPT_COOKIE))
        self.feedback = self.read_receipt(kwargs[self.office_url_kwarg]) if has_cookie else None
        if self.feedback is not None:
            # The same page for every receipt of this kind and office but for what was sent.
            what = f"receipt-{self.feedback.kind}-{'email' if self.feedback.email else 'none'}"
            self.shared_key, html = shared_rendering(request, office_slug=kwargs[self.office_url_kwarg], what=what)
            if html is not None:
                return self.shown_once(HttpResponse(filled_in(html, self.receipt_values())))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.COOKIES.get(RECEIPT_COOKIE):
            return redirect("feedback:track")
        if self.feedback is None:
            return self.shown_once(self.render_to_response(self.get_context_data(), status=400))
        if self.shared_key is None:
            return self.shown_once(self.render_to_response(self.get_context_data(**self.receipt_values())))
        names = self.receipt_values()
        html = self.render_to_response(
            self.get_context_data(**{name: stand_in(name) for name in names})
        ).rendered_content
        keep_rendering(self.shared_key, html)
        return self.shown_once(HttpResponse(filled_in(html, names)))

    def shown_once(self, response):
        # Shown once: on a shared computer the next person must not find it here.
        response.delete_cookie(RECEIPT_COOKIE, path=self.request.path, samesite="Lax")
        return response

    def read_receipt(self, office_slug: str) -> Feedback | None:
        """The feedback of the receipt cookie; None when it expired, was altered or is another office's."""
        try:
            signed = self.request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
            value = json.loads(signed)
            if value["office"] != office_slug:
                return None
            return receipt_feedback(value)
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            return None

    def receipt_values(self) -> dict:
        """What the receipt shows of the feedback, as text."""
        feedback = self.feedback
        tracking_url = feedback.get_tracking_url()
        return {
            "code": feedback.formatted_code,
            "subject": feedback.subject,
            "kind": feedback.get_kind_display(),
            "received_on": thai.localized_date(feedback.received_on),
            "due_on": thai.localized_date(feedback.due_on),
            "tracking_url": tracking_url,
            "tracking_address": self.request.build_absolute_uri(tracking_url),
            "email": feedback.email,
        }

    def get_template_names(self):
        if self.feedback is None:
            # The code is not lost: it was on this page once, and in the e-mail if they gave an address.
            return ["feedback/public/receipt_unavailable.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(active_section="feedback")
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
