"""The Django admin, for site administrators.

Office people who were given admin access (is_staff) but are not superusers
see and change only their own offices' records here, whatever model
permissions they hold: their access comes from their office memberships.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup


def member_office_ids(request) -> set[int]:
    if not hasattr(request, "_member_office_ids"):
        request._member_office_ids = set(
            OfficeMembership.objects.filter(user=request.user).values_list("office_id", flat=True)
        )
    return request._member_office_ids


class OfficeScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; other admin users only their offices' rows."""

    office_field = "office"
    # What members (not superusers) may do with their own offices' rows.
    member_can_add = True
    member_can_change = True
    member_can_delete = True

    def _is_member(self, request) -> bool:
        return bool(member_office_ids(request))

    def _owns(self, request, obj) -> bool:
        if obj is None:
            return True
        if self.office_field == "pk":
            return obj.pk in member_office_ids(request)
        *path, last = self.office_field.split("__")
        for part in path:
            obj = getattr(obj, part)
        return getattr(obj, f"{last}_id") in member_office_ids(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.office_field}__in": member_office_ids(request)})

    def has_module_permission(self, request):
        return request.user.is_superuser or self._is_member(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self._is_member(request) and self._owns(request, obj)

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return True
        return self.member_can_add and self._is_member(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self.member_can_change and self._is_member(request) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self.member_can_delete and self._is_member(request) and self._owns(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office" and not request.user.is_superuser:
            kwargs["queryset"] = Office.objects.filter(pk__in=member_office_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StakeholderGroupInline(admin.TabularInline):
    model = StakeholderGroup
    fields = ["position", "name", "name_en", "category"]
    extra = 0


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_field = "pk"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    member_can_add = False
    member_can_delete = False
    list_display = ["name_th", "slug", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_th", "name_en", "slug", "province"]
    inlines = [StakeholderGroupInline]
    fieldsets = [
        (None, {"fields": ["slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "parent"]}),
        (_("Contact"), {"fields": ["province", "address", "phone", "email", "website"]}),
        (_("Director"), {"fields": ["director_name", "director_position"]}),
        (_("Visibility"), {"fields": ["is_active"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The slug is printed on paper and in QR codes; only administrators move it.
        if request.user.is_superuser:
            return []
        return ["slug", "kind", "parent", "is_active"]


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(OfficeScopedAdmin):
    list_display = ["name", "office", "category", "position"]
    list_filter = ["category"]
    search_fields = ["name", "name_en"]
    list_select_related = ["office"]
    fields = ["office", "position", "name", "name_en", "category", "description"]


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(OfficeScopedAdmin):
    """Accounts and roles are the site administrator's; members only see who is who."""

    member_can_add = False
    member_can_change = False
    member_can_delete = False
    list_display = ["user", "office", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "office__name_th"]
    list_select_related = ["user", "office"]
    autocomplete_fields = ["user"]
    fields = ["user", "office", "role"]


@admin.register(AuditEvent)
class AuditEventAdmin(OfficeScopedAdmin):
    """The audit trail is written by the services and never edited."""

    member_can_add = False
    member_can_change = False
    member_can_delete = False
    list_display = ["created_at", "office", "actor", "action", "target_repr"]
    list_filter = ["action"]
    list_select_related = ["office", "actor"]
    search_fields = ["action", "target_repr"]
    readonly_fields = ["created_at", "office", "actor", "action", "target_type", "target_id", "target_repr", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
