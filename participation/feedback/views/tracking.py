"""Following feedback by its tracking code, and rating the answer. Every failure of a code looks the
same, and guessing codes is rate-limited per address.

A code's page is the same for everyone who opens it but for the CSRF token of its rating form, so it is
rendered once with a stand-in and kept in the shared cache, as the blank form is (public.py), under the
versions of its office: every change of the feedback (a status, an answer, a rating, an erasure) saves
it, which replaces its office's version (feedback/freshness.py), and the next request renders it again.
Which office a code belongs to is kept beside it, so a page found reads no table. A page found is not
counted by the limiter (only codes that matched something are kept, and the look-ups of those are given
back anyway), but a client held back for guessing is still refused it.
"""

import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from participation import freshness, ratelimit, sharedcache
from participation.feedback import services
from participation.feedback.forms import RateForm, TrackForm
from participation.feedback.models import Feedback, normalize_tracking_code
from participation.feedback.views.public import (
    STAND_IN,
    filled_in,
    keep_rendering,
    may_share_receipt,
    stand_in,
)

logger = logging.getLogger(__name__)
OFFICE_OF_CODE = "track-office:{}"


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
        ratelimit.refund("track", address)  # nothing was looked up
        raise TooManyAttempts
    normalized = normalize_tracking_code(code)
    feedback = (
        Feedback.objects.select_related("office").prefetch_related("events").filter(tracking_code=normalized).first()
    )
    if feedback is None or not feedback.office.is_active:
        raise Http404
    # Only codes that matched nothing count: people following their own feedback, many of them behind
    # one school's or one carrier's address, are never held back by it.
    ratelimit.refund("track", address)
    return feedback


class TooManyAttempts(Exception):
    pass


def too_many(request):
    seconds = ratelimit.retry_after("track")
    response = render(request, "feedback/public/too_many.html", {"minutes": ratelimit.wait_minutes(seconds)})
    return ratelimit.refused(response, seconds)


def tracked(view):
    """The feedback of the code in the address for the view; otherwise the same not-found page for
    every failure, or the too-many page once a client has guessed too often."""

    @functools.wraps(view)
    def wrapper(request, code, **kwargs):
        try:
            feedback = _tracked(request, code)
        except TooManyAttempts:
            return too_many(request)
        except Http404:
            return render(request, "feedback/public/not_found.html", {"form": TrackForm()}, status=404)
        return view(request, feedback, **kwargs)

    return wrapper


@never_cache
@require_safe
def track_code(request, code):
    code = normalize_tracking_code(code)
    key = None
    if code and may_share_receipt(request):
        try:
            key, html = kept_page(code)
        except freshness.CACHE_ERRORS:
            logger.warning("The tracking page's cache cannot be reached", exc_info=True)
        else:
            if html is not None:
                if ratelimit.held_back("track", ratelimit.client_address(request)):
                    return too_many(request)
                return page_for(request, html)
    return _track_code(request, code, key=key)


@tracked
def _track_code(request, feedback, *, key: str | None):
    form = RateForm(initial={"rating": feedback.rating, "comment": feedback.rating_comment})
    context = tracking_context(feedback, form)
    if not may_share_receipt(request):
        return render(request, "feedback/public/tracked.html", context)
    if key is None:
        # The key is taken before the feedback is read (as the page cache takes it), so a change committed
        # meanwhile makes a new one; the first visit only learns the code's office for the next.
        remember_office(feedback)
        return render(request, "feedback/public/tracked.html", context)
    html = render_to_string("feedback/public/tracked.html", {**context, "csrf_token": stand_in("csrf")}, request)
    try:
        keep_rendering(key, html)
    except freshness.CACHE_ERRORS:
        logger.warning("The tracking page's cache cannot be reached: not kept", exc_info=True)
    return page_for(request, html)


def kept_page(code: str) -> tuple[str | None, str | None]:
    """The cache key of the code's page under the current versions of its office (None while the office
    is not known yet), and the page kept there, if any."""
    slug = sharedcache.get_text(OFFICE_OF_CODE.format(code))
    if slug is None:
        return None, None
    # The stand-ins are part of the key: a rendering with other stand-ins (an older release) is never filled in.
    signature = f"feedback-tracked|{STAND_IN}|{code}|{get_language()}"
    key, entry = freshness.find_page((freshness.DIRECTORY, freshness.office_scope(slug)), signature)
    return key, (entry["html"] if entry is not None else None)


def remember_office(feedback: Feedback) -> None:
    try:
        key = OFFICE_OF_CODE.format(feedback.tracking_code)
        sharedcache.set_text(key, feedback.office.slug, settings.PAGE_CACHE_SECONDS)
    except freshness.CACHE_ERRORS:
        logger.warning("The tracking page's cache cannot be reached: the office not kept", exc_info=True)


def page_for(request, html: str) -> HttpResponse:
    """The kept page with this visitor's CSRF token, when it has a form (asking for one sets the cookie)."""
    values = {"csrf": get_token(request)} if stand_in("csrf") in html else {}
    return HttpResponse(filled_in(html, values))


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
