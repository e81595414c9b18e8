"""The workspace's notices: the list (mark one or all read), and how each kind is delivered.

Notices belong to a person, not to an office: the pages are under /manage/notifications/ and show the
notices of the offices where the user still works."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from participation.notices import NOTICE_LABELS
from participation.notifications import services
from participation.notifications.forms import PreferencesForm
from participation.notifications.models import Notification, NotificationPreference
from participation.pagination import page_number, paginate_without_count

PER_PAGE = 30


class NoticesMixin(LoginRequiredMixin):
    breadcrumb = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trail = [(_("Workspace"), reverse("manage:dashboard")), (_("Notifications"), reverse("notifications:list"))]
        if self.breadcrumb:
            trail.append((self.breadcrumb, ""))
        context["breadcrumbs"] = trail
        return context


class NotificationListView(NoticesMixin, TemplateView):
    template_name = "notifications/manage/list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notices = Notification.objects.for_user(self.request.user)
        rows, page = paginate_without_count(notices.newest_first(), number=page_number(self.request), per_page=PER_PAGE)
        context.update(notifications=rows, page_obj=page, is_paginated=page.has_other_pages())
        context["has_unread"] = any(not row.is_read for row in rows) or notices.unread().exists()
        return context


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notice read (POST) and open its page, or go back to the list."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # Another person's notice, or one of an office the user left, does not exist for them.
        self.notification = get_object_or_404(Notification.objects.for_user(request.user), pk=kwargs["pk"])
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        services.notifications_read(user=request.user, ids=[self.notification.pk])
        if request.POST.get("open"):
            return redirect(self.notification.url if self.notification.url.startswith("/") else "/")
        return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("notifications:list")


class NotificationReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        count = services.notifications_read(user=request.user)
        if count:
            messages.success(request, _("All notifications are marked read."))
        return redirect(_back(request))


class PreferencesView(NoticesMixin, FormView):
    template_name = "notifications/manage/settings.html"
    form_class = PreferencesForm
    breadcrumb = gettext_lazy("Notification settings")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["current"] = dict(
            NotificationPreference.objects.filter(user=self.request.user).values_list("kind", "delivery")
        )
        return kwargs

    def form_valid(self, form):
        try:
            services.preferences_save(
                user=self.request.user, deliveries={kind: form.cleaned_data[kind] for kind in NOTICE_LABELS}
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:settings")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
