"""Background tasks in the admin, for site administrators: what waits, what runs, what failed and why.

django-tasks-db registers its own read-only page for any admin user holding the model permission; this
one replaces it, shows the attempts and the last error in the list, and lets a site administrator run
failed tasks again (say, once the mail server is fixed).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from participation.models import AuditEvent
from participation.permissions import administers
from participation.worker import requeue_task

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "status", "attempts", "enqueued_at", "finished_at", "run_after", "last_error"]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    actions = ["run_again"]

    def _allowed(self, request) -> bool:
        return administers(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    @admin.display(description=_("attempts"))
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description=_("last error"))
    def last_error(self, obj):
        if not obj.exception_class_path:
            return "-"
        lines = obj.traceback.strip().splitlines()
        return (lines[-1] if lines else obj.exception_class_path)[:200]

    @admin.action(description=_("Run the selected failed tasks again"))
    def run_again(self, request, queryset):
        count = 0
        for task in queryset.filter(status=TaskResultStatus.FAILED):
            if requeue_task(task=task):
                AuditEvent.record(actor=request.user, action="task.requeued", target=task, task=task.task_path)
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d task is queued again.", "%(count)d tasks are queued again.", count) % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        return super().get_actions(request) if self._allowed(request) else {}
