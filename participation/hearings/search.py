"""What search finds of hearings: those opened to the public and their published comments, and for
the office's staff every hearing and comment of the office."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.hearings.models import Hearing, HearingComment
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order. The report's
# texts are left out: they are written before the report is published, and a draft is the office's own.
HEARING_FIELDS = ("title", "purpose", "draft")
# A comment's text only: never the e-mail address, and the name only where the page shows it.
COMMENT_FIELDS = ("body",)


def public_hearings():
    """Every hearing that was opened (never a draft), of offices shown to the public."""
    return Hearing.objects.public().filter(office__is_active=True).select_related("office")


def staff_hearings(standing):
    """Every hearing of the office, drafts included."""
    return Hearing.objects.for_office(standing.office).select_related("office")


def describe_hearing(hearing, *, staff: bool) -> dict:
    return {
        "title": hearing.title,
        "url": hearing.get_manage_url() if staff else hearing.get_absolute_url(),
        "date": hearing.opens_at,
        "office": hearing.office,
        "details": {"status": hearing.get_status_display()},
    }


def public_comments():
    """Published comments on hearings the public may see, of offices shown to the public."""
    return (
        HearingComment.objects.published()
        .exclude(hearing__status=Hearing.Status.DRAFT)
        .filter(hearing__office__is_active=True)
        .select_related("hearing__office")
    )


def staff_comments(standing):
    """Every comment on the office's hearings, those awaiting moderation included."""
    return HearingComment.objects.filter(hearing__office=standing.office).select_related("hearing__office")


def describe_comment(comment, *, staff: bool) -> dict:
    hearing = comment.hearing
    if staff:
        url = reverse("hearings:manage_comments", kwargs={"office": hearing.office.slug, "pk": hearing.pk})
        details = {"status": comment.get_status_display(), "hearing": hearing.title}
    else:
        url = f"{hearing.get_absolute_url()}#comment-{comment.pk}"
        details = {"hearing": hearing.title}
    return {
        "title": str(comment),
        "url": url,
        "date": comment.created_at,
        "office": hearing.office,
        "details": details,
    }


def register() -> None:
    register_search_source(
        key="hearings",
        label=_("Hearings"),
        order=32,
        public=public_hearings,
        staff=staff_hearings,
        fields=HEARING_FIELDS,
        title="title",
        date="opens_at",
        describe=describe_hearing,
    )
    register_search_source(
        key="hearing_comments",
        label=_("Comments on hearings"),
        order=33,
        public=public_comments,
        staff=staff_comments,
        fields=COMMENT_FIELDS,
        date="created_at",
        office="hearing__office",
        describe=describe_comment,
    )
