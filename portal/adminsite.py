"""The portal's admin site: Django's, with every page kept to the offices of the person using it.

Office people with admin access (is_staff, not site administrators) reach only the office-scoped
admins (participation.admin.OfficeScopedAdmin and its subclasses, marked `office_scoped`); every
other registered admin — accounts, the task queue, whatever an installed app adds — is for site
administrators alone, whatever model permissions someone holds. The "view on site" shortcut shows
only objects the model's admin would show the user, and answers the same 404 for a missing object
and for another office's, so it never tells that a draft exists, nor where. The login form is
rate-limited like the portal's own.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import path

from participation import ratelimit
from participation.permissions import administers
from portal.forms import AdminLoginForm


class SiteAdministratorsOnly:
    """Mixed into every admin that is not office-scoped: nobody but site administrators may use it."""

    def has_module_permission(self, request):
        return administers(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return administers(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return administers(request.user) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return administers(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return administers(request.user) and super().has_delete_permission(request, obj)


class PortalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not getattr(admin_class, "office_scoped", False):
            names = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
            admin_class = type(admin_class.__name__, (SiteAdministratorsOnly, admin_class), names)
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = super().get_urls()
        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [scoped if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut to an object's public page, for objects the user may see here only."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model_admin = self._registry.get(content_type.model_class()) if content_type else None
        # The model's admin looks the object up in what the user may see (their offices' rows).
        obj = model_admin.get_object(request, object_id) if model_admin else None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "retry_after", None):
            ratelimit.refused(response, form.retry_after)
        return response
