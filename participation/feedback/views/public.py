"""The public side of feedback: the form and the receipt (following it by its code is in tracking.py).

Nothing a person typed is lost: every refusal shows the form again with their text, and the
receipt appears only after the row is committed.
"""

import datetime
import functools
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from participation import freshness, ratelimit, thai
from participation.access import access_public_office
from participation.feedback import services
from participation.feedback.forms import STARTED_SALT, FeedbackForm, MisconductForm
from participation.feedback.models import Feedback
from participation.forms import STALE_FORM
from participation.models import Office
from participation.navigation import office_navigation
from participation.topics import resolve_topic
from participation.views import OfficeMixin

logger = logging.getLogger(__name__)

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


# The browser that sent a message keeps an opaque mark of it for a day (the duplicate window), so that
# sending the very same words again shows *that browser* the first message's tracking code. The mark is
# a keyed hash of the row's key, never the code, and nothing is kept on the server. Without the mark a
# duplicate is refused without a code: the same words may have come from someone else at the same
# connection (one school, one carrier), and their code is theirs alone.
SENT_COOKIE = "feedback_sent"
SENT_SALT = "participation.feedback.sent"
SENT_KEPT = 10


def sent_mark(pk: int) -> str:
    return salted_hmac(SENT_SALT, str(pk), algorithm="sha256").hexdigest()[:24]


def sent_from_here(request) -> list[str]:
    """The marks of what this browser sent in the last day."""
    max_age = int(services.DUPLICATE_WINDOW.total_seconds())
    try:
        marks = signing.loads(request.COOKIES.get(SENT_COOKIE, ""), salt=SENT_SALT, max_age=max_age)
    except signing.BadSignature:
        return []
    return [mark for mark in marks if isinstance(mark, str)] if isinstance(marks, list) else []


def remember_sent(request, response: HttpResponse, feedback: Feedback) -> HttpResponse:
    mark = sent_mark(feedback.pk)
    marks = [mark, *(kept for kept in sent_from_here(request) if kept != mark)][:SENT_KEPT]
    response.set_cookie(
        SENT_COOKIE,
        signing.dumps(marks, salt=SENT_SALT),
        max_age=int(services.DUPLICATE_WINDOW.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class PublicOfficeMixin(OfficeMixin):
    """OfficeMixin with the office from the shared cache: intake reads it on every request."""

    def dispatch(self, request, *args, **kwargs):
        self.office = public_office(kwargs[self.office_url_kwarg])
        return super(OfficeMixin, self).dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class FeedbackCreateView(PublicOfficeMixin, FormView):
    template_name = "feedback/public/form.html"
    form_class = FeedbackForm
    shared_key = None  # where the blank form's rendering is kept, when this request may use it

    def dispatch(self, request, *args, **kwargs):
        self.shared_key, html = shared_rendering(request, office_slug=kwargs[self.office_url_kwarg], what="form")
        if html is not None:
            return self.fill_in(html)  # neither the office nor the form is needed
        try:
            return super().dispatch(request, *args, **kwargs)
        except DatabaseError:
            if request.method != "POST":
                raise  # nothing typed yet: the 503 page says to come back in a moment
            # Even the office could not be read (it was not in the shared cache): a plain form with
            # everything they typed, to send again in a moment.
            logger.exception("Feedback form sent while the database is out of reach")
            return render(request, "feedback/public/unavailable.html", {"sent": request.POST}, status=503)

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
        try:
            return resolve_topic(self.office, value)
        except DatabaseError:
            # Without the database the form is still shown and its text kept; the link to the
            # record stays in the form ("about") for when it is sent again.
            logger.warning("The topic of a feedback form could not be read", exc_info=True)
            return None

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
        """Show the form again, with what was typed, why it was not sent and what else can be done."""
        form.add_error(None, message)
        if self.request.FILES:
            form.add_error(None, _("Browsers cannot keep chosen files: choose them again."))
        form.restart_clock()
        response = self.render_to_response(self.get_context_data(form=form, refused=True))
        response.status_code = status
        return response

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        address = ratelimit.client_address(request)
        if not ratelimit.allow("feedback", address):
            seconds = ratelimit.retry_after("feedback")
            minutes = ratelimit.wait_minutes(seconds)
            at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds)).strftime("%H:%M")
            message = ngettext(
                "Many messages came from your connection in a short time, so this one was not sent: the limit "
                "keeps the form from being flooded. Your text is kept below: please send it again in "
                "%(minutes)d minute (after %(time)s).",
                "Many messages came from your connection in a short time, so this one was not sent: the limit "
                "keeps the form from being flooded. Your text is kept below: please send it again in "
                "%(minutes)d minutes (after %(time)s).",
                minutes,
            ) % {"minutes": minutes, "time": at}
            # Refused: it is not held against the connection either.
            ratelimit.refund("feedback", address)
            return ratelimit.refused(self.refuse(form, message), seconds)
        self.received = False
        try:
            response = self.receive(form)
        finally:
            if not self.received:
                # Only messages received count against the connection: people behind one school's or one
                # carrier's address must not be locked out by each other's typos.
                ratelimit.refund("feedback", address)
        return response

    def receive(self, form):
        if not form.is_valid():
            return self.form_invalid(form)
        taken = form.seconds_taken()
        if taken is None:
            return self.refuse(form, str(STALE_FORM))
        if taken < settings.FEEDBACK_MIN_SECONDS:
            message = ngettext(
                "The form was sent too quickly after it was opened (in less than %(seconds)d second), as "
                "automatic senders do, so it was not sent. Your text is kept below: check it, then send it again.",
                "The form was sent too quickly after it was opened (in less than %(seconds)d seconds), as "
                "automatic senders do, so it was not sent. Your text is kept below: check it, then send it again.",
                settings.FEEDBACK_MIN_SECONDS,
            ) % {"seconds": settings.FEEDBACK_MIN_SECONDS}
            return self.refuse(form, message)
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
            return self.duplicate(form, error)
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
        # Committed: only now is the receipt given, in this very response. Nothing is kept for it on the
        # server and no second request is needed, so a receipt shown is a message stored, whatever the
        # database does next. Sending the form again (a reload) shows the same receipt.
        return remember_sent(self.request, receipt_response(self.request, self.office, feedback), feedback)

    def duplicate(self, form, error: services.DuplicateFeedback):
        """The same words reached the office today: to the browser that sent them, the first message's
        code and where to follow it; to anyone else, the refusal without a code (see SENT_COOKIE)."""
        earlier = None
        if error.feedback_pk is not None and sent_mark(error.feedback_pk) in sent_from_here(self.request):
            earlier = Feedback.objects.for_office(self.office).filter(pk=error.feedback_pk).first()
        if earlier is None:
            return self.refuse(
                form,
                _(
                    "This exact message reached the office already today from your connection, so it was not "
                    "sent again. If you sent it, the tracking code is on its receipt and in the e-mail sent to "
                    "you, if you gave an address."
                ),
            )
        context = {
            "office": self.office,
            "office_nav": office_navigation(self.office),
            "active_section": "feedback",
            "earlier": earlier,
            "tracking_address": self.request.build_absolute_uri(earlier.get_tracking_url()),
        }
        return render(self.request, "feedback/public/duplicate.html", context)


class MisconductReportView(FeedbackCreateView):
    """The separate channel for reports of corruption and misconduct: the feedback intake itself (its
    receipt and tracking code, form token, rate limit and outage handling), with one kind and a page
    of its own that says how the reporter is protected and how reports are handled."""

    template_name = "feedback/public/misconduct.html"
    form_class = MisconductForm

    def get_initial(self):
        return {**super().get_initial(), "kind": Feedback.Kind.MISCONDUCT}

    @functools.cached_property
    def topic(self):
        return None  # a report is about the office's conduct, not one of its records

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "active_section": "feedback", "about": ""}


def receipt_values(request, feedback: Feedback) -> dict:
    """What the receipt shows of the feedback, as text."""
    tracking_url = feedback.get_tracking_url()
    return {
        "code": feedback.formatted_code,
        "subject": feedback.subject,
        "kind": feedback.get_kind_display(),
        "received_on": thai.localized_date(feedback.received_on),
        "due_on": thai.localized_date(feedback.due_on),
        "tracking_url": tracking_url,
        "tracking_address": request.build_absolute_uri(tracking_url),
        "email": feedback.email,
    }


def receipt_response(request, office: Office, feedback: Feedback) -> HttpResponse:
    """The receipt of what was just sent: tracking code, reply date, how to follow it.

    The same page for every receipt of one office, kind and language but for what was sent: rendered
    once with stand-ins and kept in the shared cache, like the blank form."""
    values = receipt_values(request, feedback)
    key = None
    if may_share_receipt(request):
        what = f"receipt-{feedback.kind}-{'email' if feedback.email else 'none'}"
        signature = f"feedback-{what}|{STAND_IN}|{office.slug}|{get_language()}"
        key, entry = freshness.find_page((freshness.DIRECTORY, freshness.office_scope(office.slug)), signature)
        if entry is not None:
            return HttpResponse(filled_in(entry["html"], values))
    context = {"office": office, "office_nav": office_navigation(office), "active_section": "feedback"}
    if key is None:
        return render(request, "feedback/public/receipt.html", {**context, **values})
    html = render_to_string(
        "feedback/public/receipt.html", {**context, **{name: stand_in(name) for name in values}}, request
    )
    keep_rendering(key, html)
    return HttpResponse(filled_in(html, values))


def may_share_receipt(request) -> bool:
    """An anonymous sender with no message waiting: their receipt page is no one's but for what they sent."""
    return (
        bool(settings.PAGE_CACHE_SECONDS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


@require_safe
def receipt(request, office):
    """Receipts are shown in answer to the form, never kept: this address (of earlier releases) leads to
    the page where a code is typed."""
    return redirect("feedback:track")
