"""`{% unread_notifications as count %}`: how many notices the signed-in user has not read, for the
workspace's header (templates/manage/base.html)."""

from django import template

from participation.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()


@register.simple_tag(takes_context=True)
def latest_unread_notifications(context, count: int = 5) -> list:
    """The user's newest unread notices, for a panel on the workspace's dashboard."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(Notification.objects.for_user(user).unread().newest_first()[:count])
