import difflib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView

from announcements import services
from announcements.forms import AnnouncementForm, ManageFilterForm, PublicFilterForm, PublishForm, WithdrawForm
from announcements.models import Announcement, Attachment
from participation.pagination import CountlessPaginationMixin
from participation.permissions import Ability, can
from participation.searching import office_search_url
from participation.thai import localized_datetime
from participation.uploads import StorageFailed, protected_file_response
from participation.views import (
    ConfirmActionView,
    FilteredListMixin,
    OfficeFormMixin,
    OfficeMixin,
    OfficeStaffMixin,
)

# --- Public pages -------------------------------------------------------------


def filter_announcements(queryset, form):
    """Apply the valid filters of a filter form; invalid values are ignored."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("year"):
        queryset = queryset.in_fiscal_year(data["year"])
    status = data.get("status")
    if status == Announcement.Status.PUBLISHED:
        queryset = queryset.live()
    elif status == Announcement.Status.SCHEDULED:
        queryset = queryset.filter(status=status).exclude(pk__in=queryset.public().values("pk"))
    elif status:
        queryset = queryset.filter(status=status)
    if data.get("q"):
        queryset = queryset.search(data["q"])
    return queryset


class AnnouncementListView(CountlessPaginationMixin, FilteredListMixin, OfficeMixin, ListView):
    """An office's public announcements, newest first, in pages that need no count of them all."""

    template_name = "announcements/list.html"
    context_object_name = "announcements"
    paginate_by = 20
    filter_form_class = PublicFilterForm
    extra_context = {"active_section": "announcements"}

    def get(self, request, *args, **kwargs):
        # `?q=` is a search of the office's announcements: the search page ranks, highlights and
        # limits its rate, and this cached list stays one page per filter.
        text = request.GET.get("q", "")
        if text.strip() and (target := office_search_url(self.office, text, kind="announcements")):
            return redirect(target)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = Announcement.objects.for_office(self.office).public().with_office().latest_first()
        return filter_announcements(queryset, self.get_filters())


class AnnouncementDetailView(OfficeMixin, DetailView):
    template_name = "announcements/detail.html"
    context_object_name = "announcement"

    def get_queryset(self):
        return (
            Announcement.objects.for_office(self.office)
            .public()
            .with_office()
            .prefetch_related("attachments", "target_groups")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attachments = list(self.object.attachments.all())
        context.update(
            active_section="announcements",
            photos=[item for item in attachments if item.is_image],
            documents=[item for item in attachments if not item.is_image],
            share_url=self.request.build_absolute_uri(self.object.get_absolute_url()),
        )
        if self.object.cover_image:
            context["share_image"] = self.request.build_absolute_uri(cover_url(self.object))
        return context


def cover_url(announcement):
    return reverse("announcements:cover", kwargs={"office": announcement.office.slug, "pk": announcement.pk})


def visible_announcement(request, office_slug: str, pk: int) -> Announcement:
    """The announcement if the public may see it, or if the user works for its office (for previews)."""
    announcement = get_object_or_404(Announcement.objects.select_related("office"), pk=pk, office__slug=office_slug)
    public = announcement.is_public and announcement.office.is_active
    if public or can(request.user, announcement.office, Ability.PREVIEW):
        return announcement
    raise Http404


@require_safe
def attachment_download(request, office, pk, attachment):
    """Any attachment, always as a download."""
    announcement = visible_announcement(request, office, pk)
    item = get_object_or_404(Attachment, pk=attachment, announcement=announcement)
    return protected_file_response(item.file, filename=item.original_name, content_type=item.content_type, inline=False)


@require_safe
def attachment_photo(request, office, pk, attachment):
    """A re-encoded photo, shown inside the page."""
    announcement = visible_announcement(request, office, pk)
    item = get_object_or_404(Attachment, pk=attachment, announcement=announcement, kind=Attachment.Kind.IMAGE)
    return protected_file_response(item.file, filename=item.original_name, content_type=item.content_type, inline=True)


@require_safe
def cover_image(request, office, pk):
    announcement = visible_announcement(request, office, pk)
    if not announcement.cover_image:
        raise Http404
    extension = announcement.cover_image.name.rsplit(".", 1)[-1].lower()
    content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(extension)
    if content_type is None:
        raise Http404
    return protected_file_response(
        announcement.cover_image, filename=f"cover.{extension}", content_type=content_type, inline=True
    )


# --- Staff workspace ----------------------------------------------------------


class ManageAnnouncementMixin(OfficeStaffMixin):
    """One announcement of the user's office, locked to that office (404 for another office's)."""

    section = "announcements"

    def get_breadcrumbs(self):
        announcement = self.get_announcement()
        return [(announcement.subject, announcement.get_manage_url()), *super().get_breadcrumbs()]

    def get_announcement(self) -> Announcement:
        if not hasattr(self, "_announcement"):
            self._announcement = get_object_or_404(
                Announcement.objects.for_office(self.office).select_related("office"), pk=self.kwargs["pk"]
            )
        return self._announcement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["announcement"] = self.get_announcement()
        return context


class ManageListView(FilteredListMixin, OfficeStaffMixin, ListView):
    template_name = "announcements/manage/list.html"
    section = "announcements"
    context_object_name = "announcements"
    paginate_by = 25
    filter_form_class = ManageFilterForm

    def get_queryset(self):
        queryset = Announcement.objects.for_office(self.office).with_office().order_by("-updated_at", "-pk")
        return filter_announcements(queryset, self.get_filters())


class AnnouncementFormMixin(OfficeFormMixin):
    template_name = "announcements/manage/form.html"
    section = "announcements"
    form_class = AnnouncementForm

    def save(self, form) -> Announcement:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            announcement = self.save(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except StorageFailed as error:
            # Nothing was saved (the service removed what it had stored); the text stays in the form.
            form.add_error(None, error.message)
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        messages.success(self.request, _("Saved. This is how it will look."))
        return redirect(announcement.get_manage_url())


class AnnouncementCreateView(AnnouncementFormMixin, OfficeStaffMixin, FormView):
    breadcrumb = gettext_lazy("New announcement")

    def save(self, form):
        data = form.cleaned_data
        return services.announcement_create(
            office=self.office,
            actor=self.request.user,
            data=form.content(),
            target_groups=data["target_groups"],
            files=data["files"],
            cover=data["cover"],
        )


class AnnouncementUpdateView(AnnouncementFormMixin, ManageAnnouncementMixin, FormView):
    breadcrumb = gettext_lazy("Edit")

    def get(self, request, *args, **kwargs):
        if not self.get_announcement().is_editable:
            messages.error(request, _("A withdrawn announcement can no longer be changed."))
            return redirect(self.get_announcement().get_manage_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_announcement()
        return kwargs

    def save(self, form):
        data = form.cleaned_data
        # The form edited a copy of the row; the service reloads it under a lock.
        return services.announcement_update(
            announcement=self.get_announcement(),
            actor=self.request.user,
            data=form.content(),
            target_groups=data["target_groups"],
            files=data["files"],
            cover=data["cover"],
            remove_cover=data.get("remove_cover", False),
            expected_version=data.get("version"),
        )


class ManageDetailView(ManageAnnouncementMixin, TemplateView):
    """The staff preview: the page as the public will see it, with the actions around it."""

    template_name = "announcements/manage/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcement = self.get_announcement()
        attachments = list(announcement.attachments.all())
        context.update(
            photos=[item for item in attachments if item.is_image],
            documents=[item for item in attachments if not item.is_image],
            attachments=attachments,
            revision_count=announcement.revisions.count(),
            target_groups=list(announcement.target_groups.all()),
        )
        return context


class ActionView(ManageAnnouncementMixin, ConfirmActionView):
    def get_subject(self):
        return self.get_announcement().subject


class PublishView(ActionView):
    form_class = PublishForm
    title = gettext_lazy("Publish")
    button = gettext_lazy("Publish")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = _(
            "Publishing puts it on the office's pages and feed. It can be withdrawn later, not deleted."
        )
        return context

    def act(self, form):
        announcement, now_public = services.announcement_publish(
            announcement=self.get_announcement(), actor=self.request.user, at=form.publish_time()
        )
        chosen = form.publish_time()
        if now_public and chosen is not None:
            messages.warning(self.request, _("The time you chose has already passed, so it was published now."))
        elif now_public:
            messages.success(self.request, _("Published."))
        else:
            messages.success(
                self.request,
                _("Scheduled: it will appear by itself on %(time)s.")
                % {"time": localized_datetime(announcement.published_at)},
            )
        return announcement.get_manage_url()


class UnscheduleView(ActionView):
    title = gettext_lazy("Take back to draft")
    button = gettext_lazy("Take back to draft")
    button_class = "btn-outline-secondary"

    def act(self, form):
        announcement = services.announcement_unschedule(announcement=self.get_announcement(), actor=self.request.user)
        messages.success(self.request, _("It is a draft again and will not appear."))
        return announcement.get_manage_url()


class WithdrawView(ActionView):
    form_class = WithdrawForm
    title = gettext_lazy("Withdraw announcement")
    button = gettext_lazy("Withdraw announcement")
    button_class = "btn-danger"

    def act(self, form):
        announcement = services.announcement_withdraw(
            announcement=self.get_announcement(), actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, _("Withdrawn. Its page stays public, marked as withdrawn, with your reason."))
        return announcement.get_manage_url()


class CopyView(ActionView):
    title = gettext_lazy("Copy as a new draft")
    button = gettext_lazy("Make the copy")
    button_class = "btn-outline-primary"

    def act(self, form):
        try:
            copy = services.announcement_copy(announcement=self.get_announcement(), actor=self.request.user)
        except StorageFailed as error:
            raise ValidationError(error.message, code="storage") from error
        messages.success(self.request, _("This is a new draft copied from the announcement. Edit it and publish."))
        return copy.get_manage_url()


class AttachmentRemoveView(ActionView):
    title = gettext_lazy("Remove the file")
    button = gettext_lazy("Remove")
    button_class = "btn-danger"

    def get_attachment(self):
        return get_object_or_404(Attachment, pk=self.kwargs["attachment"], announcement=self.get_announcement())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = _("Remove “%(name)s” from this draft?") % {"name": self.get_attachment().original_name}
        return context

    def act(self, form):
        services.attachment_remove(attachment=self.get_attachment(), actor=self.request.user)
        messages.success(self.request, _("The file was removed."))
        return self.get_announcement().get_manage_url()


def field_label(key: str) -> str:
    extra = {"attachments": _("Attachments"), "target_groups": _("Target stakeholder groups")}
    if key in extra:
        return extra[key]
    return str(Announcement._meta.get_field(key).verbose_name)


class HistoryView(ManageAnnouncementMixin, TemplateView):
    """Every version of the public text, newest first, with what changed in the body."""

    template_name = "announcements/manage/history.html"
    breadcrumb = gettext_lazy("History")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = list(self.get_announcement().revisions.select_related("changed_by"))
        versions = []
        for index, revision in enumerate(revisions):
            previous = revisions[index + 1] if index + 1 < len(revisions) else None
            changes = []
            if previous is not None:
                changes = [key for key in revision.snapshot if revision.snapshot.get(key) != previous.snapshot.get(key)]
            diff = ""
            if previous is not None and "body" in changes:
                diff = "\n".join(
                    difflib.unified_diff(
                        previous.snapshot.get("body", "").splitlines(),
                        revision.snapshot.get("body", "").splitlines(),
                        lineterm="",
                        n=1,
                    )
                )
            versions.append({"revision": revision, "changes": [field_label(key) for key in changes], "diff": diff})
        context["versions"] = versions
        return context
