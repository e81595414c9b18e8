"""The Django admin, for site administrators. Every write goes through the services, so it leaves
its audit row like the same change made in the workspace.

Office people who were given admin access (is_staff) but are not site administrators see and
change only their own offices' records here (the office-scoped admins), whatever model permissions
they hold: their access comes from their office memberships. Accounts (AccountAdmin) are for site
administrators, through Django's model permissions, which only superusers hold here.
"""

from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from participation import services
from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup
from participation.permissions import Ability, administers, office_ids_where
from participation.uploads import IMAGE, check_upload


def acting_office_ids(request) -> set[int] | None:
    """Offices the user may work on here (None: all of them), worked out once per request."""
    if not hasattr(request, "_acting_office_ids"):
        request._acting_office_ids = office_ids_where(request.user, Ability.ACT)
    return request._acting_office_ids


class OfficeScopedAdmin(admin.ModelAdmin):
    """Site administrators see everything; other admin users only their offices' rows."""

    office_field = "office"
    # Office people may use this admin for their offices' rows; the admin site keeps every admin not
    # marked so to site administrators (portal.adminsite).
    office_scoped = True
    # What members (not site administrators) may do with their own offices' rows.
    member_can_add = True
    member_can_change = True
    member_can_delete = True

    def _is_member(self, request) -> bool:
        return bool(acting_office_ids(request))

    def _owns(self, request, obj) -> bool:
        if obj is None:
            return True
        ids = acting_office_ids(request)
        if ids is None:
            return True
        if self.office_field == "pk":
            return obj.pk in ids
        *path, last = self.office_field.split("__")
        for part in path:
            obj = getattr(obj, part)
        return getattr(obj, f"{last}_id") in ids

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = acting_office_ids(request)
        return queryset if ids is None else queryset.filter(**{f"{self.office_field}__in": ids})

    def has_module_permission(self, request):
        return administers(request.user) or self._is_member(request)

    def has_view_permission(self, request, obj=None):
        return administers(request.user) or (self._is_member(request) and self._owns(request, obj))

    def has_add_permission(self, request):
        return administers(request.user) or (self.member_can_add and self._is_member(request))

    def has_change_permission(self, request, obj=None):
        if administers(request.user):
            return True
        return self.member_can_change and self._is_member(request) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        if administers(request.user):
            return True
        return self.member_can_delete and self._is_member(request) and self._owns(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = acting_office_ids(request)
        if db_field.name == "office" and ids is not None:
            kwargs["queryset"] = Office.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_queryset(self, request, queryset):
        # "Delete selected" goes through the same service as deleting one row.
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdminMixin:
    """Rows the services write and nobody edits here (the audit trail, history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def changed_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


def adopt(obj, saved) -> None:
    """Let the admin go on with its own object (its inlines, its redirect) after a service saved a row."""
    obj.pk = saved.pk
    obj._state.adding, obj._state.db = False, saved._state.db


class StakeholderGroupInline(admin.TabularInline):
    model = StakeholderGroup
    fields = ["position", "name", "name_en", "category"]
    extra = 0


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets below choose what is shown

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if emblem and not isinstance(emblem, FieldFile):
            # Checked by its content and re-encoded, as every other upload.
            checked = check_upload(emblem, max_bytes=settings.OFFICE_EMBLEM_MAX_BYTES, kinds=frozenset({IMAGE}))
            return checked.as_django_file()
        return emblem


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    form = OfficeForm
    office_field = "pk"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    member_can_add = False
    member_can_delete = False
    list_display = ["name_th", "slug", "kind", "province", "region", "parent", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name_th", "name_en", "slug", "province"]
    inlines = [StakeholderGroupInline]
    fieldsets = [
        (None, {"fields": ["slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "parent"]}),
        (_("Contact"), {"fields": ["province", "region", "address", "phone", "email", "website"]}),
        (_("Director"), {"fields": ["director_name", "director_position"]}),
        (_("Official documents"), {"fields": ["emblem"]}),
        (_("Visibility"), {"fields": ["is_active"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The slug is printed on paper and in QR codes; only administrators move it.
        if administers(request.user):
            return []
        return ["slug", "kind", "parent", "region", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # An office is closed by making it inactive, never deleted: its public record stays.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            services.office_update(office=obj, actor=request.user, data=changed_values(form))
        else:
            adopt(obj, services.office_create(actor=request.user, data=dict(form.cleaned_data)))

    def save_formset(self, request, form, formset, change):
        """The office's groups, edited inline, through the same services as the workspace's."""
        # What formset.save() would have noted, for the admin's history message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline in formset.forms:
            if inline in formset.deleted_forms:
                if inline.instance.pk is not None:
                    services.group_delete(group=inline.instance, actor=request.user)
                    formset.deleted_objects.append(inline.instance)
            elif not inline.has_changed():
                continue
            elif inline.instance.pk is None:
                fields = {name: inline.cleaned_data[name] for name in StakeholderGroupInline.fields}
                group = services.group_create(office=form.instance, actor=request.user, **fields)
                formset.new_objects.append(group)
            else:
                group = services.group_update(group=inline.instance, actor=request.user, data=changed_values(inline))
                formset.changed_objects.append((group, inline.changed_data))


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(OfficeScopedAdmin):
    list_display = ["name", "office", "category", "position"]
    list_filter = ["category"]
    search_fields = ["name", "name_en"]
    list_select_related = ["office"]
    fields = ["office", "position", "name", "name_en", "category", "description"]

    def get_readonly_fields(self, request, obj=None):
        # A group's attendance and members belong to its office: it never moves to another.
        return ["office"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.group_update(group=obj, actor=request.user, data=changed_values(form))
        else:
            fields = {name: form.cleaned_data[name] for name in services.GROUP_FIELDS if name in form.cleaned_data}
            adopt(obj, services.group_create(office=form.cleaned_data["office"], actor=request.user, **fields))

    def delete_model(self, request, obj):
        services.group_delete(group=obj, actor=request.user)


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

    def get_readonly_fields(self, request, obj=None):
        # A membership changes its role; someone moving to another office gets a new one.
        return ["user", "office"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        user, office = (obj.user, obj.office) if change else (form.cleaned_data["user"], form.cleaned_data["office"])
        membership = services.membership_set(
            actor=request.user, user=user, office=office, role=form.cleaned_data["role"]
        )
        adopt(obj, membership)

    def delete_model(self, request, obj):
        services.membership_revoke(actor=request.user, membership=obj)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    """The audit trail is written by the services and never edited."""

    list_display = ["created_at", "office", "actor", "action", "target_repr"]
    list_filter = ["action"]
    list_select_related = ["office", "actor"]
    search_fields = ["action", "target_repr"]
    readonly_fields = ["created_at", "office", "actor", "action", "target_type", "target_id", "target_repr", "data"]


# Roles in offices are memberships, not Django's permission groups.
admin.site.unregister(Group)
admin.site.unregister(get_user_model())


# Who is resetting a password: Django's password page builds its form without the request.
password_actor: ContextVar = ContextVar("password_actor", default=None)


class AccountPasswordForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        services.account_password_set(actor=password_actor.get(), user=self.user, password=password)
        return self.user


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """Django's account pages, writing through the services so that every change is in the audit trail."""

    change_password_form = AccountPasswordForm
    # Roles in offices are memberships: Django's permission groups and per-user permissions are not used.
    fieldsets = [
        (name, {**options, "fields": [f for f in options["fields"] if f not in ("groups", "user_permissions")]})
        for name, options in UserAdmin.fieldsets
    ]
    filter_horizontal = ()
    list_filter = ("is_staff", "is_superuser", "is_active")

    def user_change_password(self, request, id, form_url=""):
        token = password_actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            password_actor.reset(token)

    def save_model(self, request, obj, form, change):
        services.account_save(actor=request.user, user=obj, changed=list(form.changed_data))

    def delete_model(self, request, obj):
        services.account_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
