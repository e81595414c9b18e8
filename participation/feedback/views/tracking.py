"""Following feedback by its tracking code, and rating the answer. Every failure of a code looks the
same, and guessing codes is rate-limited per address.

A code's page is the same for everyone who has the code, so the page cache keeps it (under the message's
own scope: feedback/freshness.py) while telling browsers and proxies not to store it. Its rating form
carries no CSRF token: the code in the address is what allows a rating, not a cookie the browser would
send on its own, so a form on another site can do nothing the holder of the code could not do directly.
"""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from participation import ratelimit
from participation.feedback import services
from participation.feedback.forms import RateForm, TrackForm
from participation.feedback.models import Feedback, normalize_tracking_code


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


def tracked(view):
    """The feedback of the code in the address for the view; otherwise the same not-found page for
    every failure, or the too-many page once a client has guessed too often."""

    @functools.wraps(view)
    def wrapper(request, code):
        try:
            feedback = _tracked(request, code)
        except TooManyAttempts:
            seconds = ratelimit.retry_after("track")
            response = render(request, "feedback/public/too_many.html", {"minutes": ratelimit.wait_minutes(seconds)})
            return ratelimit.refused(response, seconds)
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


@csrf_exempt  # the code allows the rating (see the module's docstring)
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
