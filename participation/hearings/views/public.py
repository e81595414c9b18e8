"""Public pages of hearings: the list, a hearing with its draft and published comments, the comment
form (on the whole draft or one section), the report, and the draft's documents.

Commenting needs no account and no JavaScript. The form is protected as feedback's is: a rate limit
per connection, a honeypot field, a minimum time to fill it, a per-form token (a double click is one
comment) and refusal of exact duplicates. Every refusal shows the form again with what was typed; a
closed hearing shows what was typed on a page that says the hearing is closed."""

import logging
import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from participation import ratelimit
from participation.converters import record_id
from participation.hearings import diff, services
from participation.hearings.forms import CommentForm
from participation.hearings.models import Hearing, HearingComment, HearingDocument, HearingSection
from participation.models import StakeholderGroup
from participation.navigation import office_navigation
from participation.pagination import page_number, paginate_without_count
from participation.permissions import Ability, can
from participation.uploads import protected_file_response
from participation.views import OfficeMixin

logger = logging.getLogger(__name__)
PAST_PAGE_SIZE = 20
CURRENT_LIMIT = 20


def public_hearing(office, pk: int) -> Hearing:
    """An opened hearing of the office (404 for a draft, another office's, or none)."""
    return get_object_or_404(Hearing.objects.for_office(office).public().select_related("office"), pk=pk)


class HearingListView(OfficeMixin, TemplateView):
    template_name = "hearings/public/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        hearings = Hearing.objects.for_office(self.office).public().with_counts()
        current = hearings.filter(status=Hearing.Status.OPEN, closes_at__gt=now).order_by("closes_at", "pk")
        past = hearings.exclude(status=Hearing.Status.OPEN, closes_at__gt=now).order_by("-closes_at", "-pk")
        past, page = paginate_without_count(past, number=page_number(self.request), per_page=PAST_PAGE_SIZE)
        context.update(
            active_section="hearings",
            current=list(current[:CURRENT_LIMIT]),
            past=past,
            page_obj=page,
            is_paginated=page.has_other_pages(),
        )
        return context


def sections_with_comments(hearing: Hearing) -> tuple[list, list]:
    """The draft's sections, each with its published comments, and the comments on the whole draft."""
    published = HearingComment.objects.published().select_related("group").order_by("created_at", "pk")
    sections = list(hearing.sections.prefetch_related(Prefetch("comments", queryset=published, to_attr="shown")))
    general = list(published.filter(hearing=hearing, section__isnull=True))
    return sections, general


class HearingDetailView(OfficeMixin, TemplateView):
    template_name = "hearings/public/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hearing = public_hearing(self.office, self.kwargs["pk"])
        sections, general = sections_with_comments(hearing)
        context.update(
            active_section="hearings",
            hearing=hearing,
            sections=sections,
            general=general,
            published_count=len(general) + sum(len(section.shown) for section in sections),
            documents=list(hearing.documents.all()),
            target_groups=list(hearing.target_groups.all()),
        )
        return context


@method_decorator(never_cache, name="dispatch")
class CommentView(OfficeMixin, FormView):
    """The comment form of a hearing; `?section=<id>` preselects a section and shows its text."""

    template_name = "hearings/public/comment.html"
    form_class = CommentForm

    @cached_property
    def hearing(self) -> Hearing:
        return public_hearing(self.office, self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["hearing"] = self.hearing
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        section = record_id(self.request.GET.get("section"))
        if section is not None:
            initial["section"] = self.hearing.sections.filter(pk=section).first()
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        section = form["section"].value() if form.is_bound else form.initial.get("section")
        if section is not None and not isinstance(section, HearingSection):
            pk = record_id(section)
            section = self.hearing.sections.filter(pk=pk).first() if pk is not None else None
        context.update(active_section="hearings", hearing=self.hearing, section=section)
        return context

    def closed(self, form=None):
        """The hearing takes no comments now: say so, and give back what was typed."""
        context = {
            "office": self.office,
            "office_nav": office_navigation(self.office),
            "active_section": "hearings",
            "hearing": self.hearing,
            "typed": form.data.get("body", "") if form is not None else "",
        }
        status = 409 if self.request.method == "POST" else 200
        return self.response_class(
            request=self.request, template=["hearings/public/closed.html"], context=context, status=status
        )

    def get(self, request, *args, **kwargs):
        if not self.hearing.accepts_comments:
            return self.closed()
        return super().get(request, *args, **kwargs)

    def refuse(self, form, message: str, status: int = 400):
        form.add_error(None, message)
        form.restart_clock()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not self.hearing.accepts_comments:
            return self.closed(form)
        address = ratelimit.client_address(request)
        if not ratelimit.allow("comment", address):
            minutes = math.ceil(ratelimit.retry_after("comment") / 60)
            response = self.refuse(
                form,
                _(
                    "Many comments came from your connection in a short time. Your text is kept below: "
                    "please send it again in %(minutes)d minutes."
                )
                % {"minutes": minutes},
                status=429,
            )
            response["Retry-After"] = str(ratelimit.retry_after("comment"))
            ratelimit.refund("comment", address)  # refused: it does not count either
            return response
        created = False
        try:
            response, created = self.receive(form, address)
        finally:
            if not created:
                # Only comments received count against the connection: people behind one school's
                # address must not be locked out by each other's typos.
                ratelimit.refund("comment", address)
        return response

    def receive(self, form, address):
        if not form.is_valid():
            form.restart_clock()
            return self.render_to_response(self.get_context_data(form=form), status=400), False
        taken = form.seconds_taken()
        if taken is None or taken < settings.FEEDBACK_MIN_SECONDS:
            return self.refuse(form, _("Please read your comment once more, then send it.")), False
        data = dict(form.cleaned_data)
        try:
            comment, created = services.comment_submit(
                hearing=self.hearing, data=data, token=data["token"], spam=form.is_robot(), client=address
            )
        except services.DuplicateComment as error:
            return self.refuse(form, error.messages[0]), False
        except ValidationError as error:
            if error.code == "closed":
                return self.closed(form), False
            return self.refuse(form, " ".join(error.messages)), False
        except DatabaseError:
            logger.exception("Hearing comment could not be stored")
            message = _("Sorry, the office could not store your comment just now. It is still below: please try again.")
            return self.refuse(form, message, status=503), False
        if comment.status == HearingComment.Status.PUBLISHED:
            messages.success(self.request, _("Thank you: your comment is published under the draft."))
        else:
            messages.success(
                self.request,
                _("Thank you: your comment was received. It appears under the draft once the office has checked it."),
            )
        anchor = f"#{comment.section.anchor}" if comment.section_id else "#comments"
        return redirect(self.hearing.get_absolute_url() + anchor), created


class ReportView(OfficeMixin, TemplateView):
    """The office's report on a hearing: what it heard, its response to each theme, what changed in
    the draft. Printable on A4 in the official style."""

    template_name = "hearings/public/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hearing = public_hearing(self.office, self.kwargs["pk"])
        if hearing.status != Hearing.Status.REPORTED:
            raise Http404("The report is not published")
        context.update(active_section="hearings", **report_context(hearing))
        return context


def report_context(hearing: Hearing) -> dict:
    """What the report shows: the figures, the themes with their comments, and the comparison."""
    counted = (
        HearingComment.objects.counted().filter(hearing=hearing).order_by().values("group_id").annotate(n=Count("pk"))
    )
    counts = {row["group_id"]: row["n"] for row in counted}
    groups = {group.pk: group for group in StakeholderGroup.objects.filter(pk__in=[pk for pk in counts if pk])}
    by_group = [
        (groups[group_id].display_name if group_id in groups else _("Did not say"), n) for group_id, n in counts.items()
    ]
    published = HearingComment.objects.published().select_related("section").order_by("created_at", "pk")
    themes = list(hearing.themes.prefetch_related(Prefetch("comments", queryset=published, to_attr="shown")))
    rows = diff.compare(hearing.draft, hearing.revised_draft or hearing.draft)
    return {
        "hearing": hearing,
        "total": sum(counts.values()),
        "by_group": sorted(by_group, key=lambda pair: (-pair[1], str(pair[0]))),
        "themes": themes,
        "diff": rows,
        "diff_counts": diff.counts(rows),
        "target_groups": list(hearing.target_groups.all()),
    }


@require_safe
def hearing_file(request, office, pk, file):
    """A document of the draft, for everyone once the hearing is open; before, for the office's people."""
    hearing = get_object_or_404(Hearing.objects.select_related("office"), pk=pk, office__slug=office)
    visible = hearing.status != Hearing.Status.DRAFT and hearing.office.is_active
    if not visible and not can(request.user, hearing.office, Ability.PREVIEW):
        raise Http404
    item = get_object_or_404(HearingDocument, pk=file, hearing=hearing)
    return protected_file_response(item.file, filename=item.original_name, content_type=item.content_type, inline=False)
