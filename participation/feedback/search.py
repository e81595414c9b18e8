"""What search finds of feedback: answers the office published, and for its staff the inbox as they may see it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.feedback.models import Feedback
from participation.permissions import Ability
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
FIELDS = ("subject", "message", "answer")


def public_answers():
    """Published answers only: never a report of misconduct, never the sender's name or contact."""
    return Feedback.objects.publicly_answered().filter(office__is_active=True).select_related("office")


def inbox(standing):
    """The office's feedback as this person may see it: reports of misconduct only for those who handle them."""
    if not standing.can(Ability.ACT):
        return Feedback.objects.none()
    return Feedback.objects.for_office(standing.office).visible_to(standing).select_related("office")


def describe(feedback, *, staff: bool) -> dict:
    if staff:
        url = reverse("feedback:manage_detail", kwargs={"office": feedback.office.slug, "pk": feedback.pk})
        details = {"status": feedback.get_status_display(), "kind": feedback.get_kind_display()}
    else:
        url = reverse("feedback:answers", kwargs={"office": feedback.office.slug}) + f"#answer-{feedback.pk}"
        details = {"kind": feedback.get_kind_display()}
    return {
        "title": feedback.subject,
        "url": url,
        "date": feedback.received_on,
        "office": feedback.office,
        "details": details,
    }


def register() -> None:
    register_search_source(
        key="feedback",
        label=_("Answers to feedback"),
        order=30,
        public=public_answers,
        staff=inbox,
        fields=FIELDS,
        title="subject",
        date="received_on",
        describe=describe,
    )
