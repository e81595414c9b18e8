"""E-mail of this app, sent by the task queue (`python manage.py run_worker`): notices to staff, the daily
e-mail of the notices people chose to read once a day, and updates to an office's subscribers.

Staff e-mail is in Thai, as the portal's other staff e-mail; a subscriber's is in the language they used
to subscribe. Updates go out in batches: each batch queues the next, and what was sent to whom is
recorded as it is sent, so a retried batch skips those already mailed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from participation.fields import single_line
from participation.models import Office
from participation.notices import NOTICE_LABELS, Notice, NoticeKind, update_source
from participation.notifications import services
from participation.notifications.models import Notification, Subscription, UpdateDelivery
from participation.permissions import Ability

# Subscribers mailed by one task; the next batch is another task, so one failure never resends them all.
UPDATE_BATCH = 100


def _mark_sent(rows) -> None:
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(email=Notification.Email.SENT)


@task()
def deliver_notice(
    *,
    batch: str,
    kind: str,
    office_id: int,
    subject: str,
    url: str,
    actor_id: int | None = None,
    user_ids: list[int] = (),
    ability: str | None = None,
    requires: str = Ability.ACT,
    text: str = "",
) -> int:
    """Make a notice's rows for the people who should have it now, and e-mail those who want it at once."""
    notice = Notice(
        kind=NoticeKind(kind),
        office_id=office_id,
        subject=subject,
        url=url,
        actor_id=actor_id,
        user_ids=tuple(user_ids),
        ability=Ability(ability) if ability else None,
        requires=Ability(requires),
        text=text,
    )
    rows = services.notice_deliver(notice=notice, batch=batch)
    with translation.override("th"):
        for row in rows:
            if not row.recipient.email:
                _mark_sent([row])
                continue
            subject = f"{NOTICE_LABELS[notice.kind]}: {row.about}"
            body = render_to_string(
                "notifications/email/notice.txt", {"notification": row, "site_url": settings.SITE_URL}
            )
            send_mail(single_line(subject), body, None, [row.recipient.email])
            _mark_sent([row])
    return len(rows)


@task()
def send_notification_digest(*, user_id: int) -> int:
    """One e-mail with the user's notices waiting for the daily e-mail, from offices where they still work."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    waiting = Notification.objects.filter(email=Notification.Email.WAITING)
    rows = list(waiting.for_user(user).newest_first())
    # Notices of offices they left are never sent; they stop waiting.
    waiting.filter(recipient=user).exclude(pk__in=[row.pk for row in rows]).update(email=Notification.Email.NONE)
    if not rows:
        return 0
    if user.email:
        with translation.override("th"):
            subject = translation.ngettext(
                "%(count)d new notice in the participation portal",
                "%(count)d new notices in the participation portal",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string(
                "notifications/email/digest.txt",
                {"notifications": rows, "user": user, "site_url": settings.SITE_URL},
            )
            send_mail(single_line(subject), body, None, [user.email])
    _mark_sent(rows)
    return len(rows)


def queue_digests() -> int:
    """The daily job (participation.notices.run_daily): one digest task per user with notices waiting."""
    users = services.digest_recipients()
    for user_id in users:
        send_notification_digest.enqueue(user_id=user_id)
    return len(users)


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


@task()
def send_subscription_confirmation(*, subscription_id: int, topics: list[str], language: str) -> None:
    """The e-mail with the link that confirms a subscription (double opt-in)."""
    subscription = Subscription.objects.select_related("office").filter(pk=subscription_id).first()
    if subscription is None:
        return
    with translation.override(language):
        office = subscription.office
        token = services.confirm_token(subscription, topics)
        context = {
            "office": office,
            "topics": [update_source(topic).label for topic in topics if update_source(topic)],
            "confirm_url": _absolute("notifications:confirm", office=office.slug, token=token),
            "days": services.confirm_days(),
            "privacy_url": _absolute("privacy"),
        }
        subject = translation.gettext("Confirm your e-mail updates from %(office)s") % {"office": office.short_name}
        body = render_to_string("notifications/email/confirm.txt", context)
        send_mail(single_line(subject), body, None, [subscription.email])


def _update_message(subscription: Subscription, office: Office, item, source, connection) -> EmailMessage:
    stop_url = _absolute("notifications:unsubscribe", office=office.slug, token=services.stop_token(subscription))
    context = {
        "office": office,
        "item": item,
        "source": source,
        "item_url": settings.SITE_URL + item.url,
        "stop_url": stop_url,
    }
    subject = f"{office.short_name}: {item.title}"
    return EmailMessage(
        single_line(subject)[:250],
        render_to_string("notifications/email/update.txt", context),
        None,
        [subscription.email],
        connection=connection,
        # RFC 2369 and RFC 8058: mail programs offer "unsubscribe", and one POST to the link does it.
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@task()
def send_update(*, source: str, office_id: int, item_id: int, after: int = 0) -> int:
    """E-mail a newly public record to the office's confirmed subscribers, a batch at a time."""
    registered = update_source(source)
    office = Office.objects.active().filter(pk=office_id).first()
    if registered is None or office is None:
        return 0
    # Not public (any more, or not yet: a scheduled announcement taken back): nothing goes out.
    if registered.find(office, item_id) is None:
        return 0
    subscribers = list(
        Subscription.objects.for_office(office)
        .active()
        .to(source)
        .filter(pk__gt=after)
        .exclude(deliveries__source=source, deliveries__item_id=item_id)
        .order_by("pk")[:UPDATE_BATCH]
    )
    if not subscribers:
        return 0
    items = {}
    connection = get_connection()
    with connection:
        for subscription in subscribers:
            language = subscription.language if subscription.language in dict(settings.LANGUAGES) else "th"
            with translation.override(language):
                if language not in items:
                    items[language] = registered.find(office, item_id)
                _update_message(subscription, office, items[language], registered, connection).send()
            try:
                with transaction.atomic():
                    UpdateDelivery.objects.create(
                        subscription=subscription, source=source, item_id=item_id, sent_at=timezone.now()
                    )
            except IntegrityError:  # cancelled while the batch ran, or recorded by an overlapping run
                pass
    if len(subscribers) == UPDATE_BATCH:
        send_update.enqueue(source=source, office_id=office_id, item_id=item_id, after=subscribers[-1].pk)
    return len(subscribers)
