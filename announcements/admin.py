"""Announcements in the Django admin: for looking things up. Changes go through the workspace,
whose services check the state, keep the history and write the audit trail."""

from django.contrib import admin

from announcements.models import Announcement, Attachment, Revision
from participation.admin import OfficeScopedAdmin, ReadOnlyAdminMixin


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "kind", "content_type", "size", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    """Read-only for everyone: the workspace's services keep the history and the audit trail, and
    announcements are withdrawn, never deleted: published records stay."""

    list_display = ["subject", "office", "kind", "status", "announced_on", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "number"]
    list_select_related = ["office"]
    date_hierarchy = "announced_on"
    inlines = [AttachmentInline]
    readonly_fields = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "created_at", "updated_at"]
    exclude = ["target_groups"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    office_field = "announcement__office"
    list_display = ["announcement", "number", "created_at"]
    list_select_related = ["announcement"]
    readonly_fields = ["announcement", "number", "snapshot", "created_at"]
