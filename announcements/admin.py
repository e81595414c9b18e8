"""Announcements in the Django admin: for looking things up. Changes go through the workspace,
whose services check the state, keep the history and write the audit trail."""

from django.contrib import admin

from announcements.models import Announcement, Attachment, Revision
from participation.admin import OfficeScopedAdmin


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "kind", "content_type", "size", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(OfficeScopedAdmin):
    member_can_add = False
    member_can_change = False
    member_can_delete = False
    list_display = ["subject", "office", "kind", "status", "announced_on", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "number"]
    list_select_related = ["office"]
    date_hierarchy = "announced_on"
    inlines = [AttachmentInline]
    readonly_fields = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "created_at", "updated_at"]
    exclude = ["target_groups"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only for everyone: the workspace's services keep the history and the audit trail.
        return False

    def has_delete_permission(self, request, obj=None):
        # Withdrawal, not deletion: published records stay.
        return False


@admin.register(Revision)
class RevisionAdmin(OfficeScopedAdmin):
    office_field = "announcement__office"
    member_can_add = member_can_change = member_can_delete = False
    list_display = ["announcement", "number", "created_at"]
    list_select_related = ["announcement"]
    readonly_fields = ["announcement", "number", "snapshot", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
