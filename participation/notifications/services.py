"""Notices to staff and citizens' subscriptions: every write of this app.

Notices are made by the task queue (`tasks.deliver_notice`), after the change they tell of was committed:
who receives one is decided then, from the roles people hold at that moment. Subscriptions are double
opt-in: a request makes a row waiting for confirmation and e-mails a signed link; only the link makes it
active. Every update e-mail carries a signed link that cancels it, and cancelling deletes the row.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import AuditEvent, Office
from participation.notices import Notice, NoticeKind, update_source
from participation.notifications.models import (
    DEFAULT_DELIVERY,
    DELIVERY_CHOICES,
    Notification,
    NotificationPreference,
    Subscription,
)
from participation.permissions import members_who_can

D = NotificationPreference.Delivery
CONFIRM_SALT = "participation.notifications.confirm"
STOP_SALT = "participation.notifications.stop"


# --- Notices to staff ------------------------------------------------------------------


def new_batch() -> str:
    return uuid.uuid4().hex


def deliveries_for(users, kind: str) -> dict[int, str]:
    """How each user wants notices of this kind (their setting, or the default), by user id."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=[user.pk for user in users], kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, DEFAULT_DELIVERY[NoticeKind(kind)]) for user in users}


def notice_recipients(notice: Notice, office: Office) -> list:
    """Who receives the notice now: the people named and those with `ability`, if they still may `requires`."""
    allowed = {membership.user.pk: membership.user for membership in members_who_can(office, notice.requires)}
    chosen = set(notice.user_ids)
    if notice.ability is not None:
        chosen |= {membership.user.pk for membership in members_who_can(office, notice.ability)}
    chosen.discard(notice.actor_id)
    return [allowed[pk] for pk in sorted(chosen) if pk in allowed]


@transaction.atomic
def notice_deliver(*, notice: Notice, batch: str) -> list[Notification]:
    """Make the notice's rows, one per recipient (once, whatever the retries); the ones to e-mail at once
    are returned with `email` WAITING for the caller to send and mark SENT."""
    office = Office.objects.filter(pk=notice.office_id).first()
    if office is None:
        return []
    recipients = notice_recipients(notice, office)
    delivery = deliveries_for(recipients, notice.kind)
    existing = {row.recipient_id: row for row in Notification.objects.filter(batch=batch)}
    rows = []
    for user in recipients:
        row = existing.get(user.pk)
        if row is None:
            email = {D.NONE: Notification.Email.NONE}.get(delivery[user.pk], Notification.Email.WAITING)
            row = Notification.objects.create(
                recipient=user,
                office=office,
                kind=notice.kind,
                subject=notice.subject[:250],
                text=notice.text,
                url=notice.url[:300],
                actor_id=notice.actor_id,
                batch=batch,
                email=email,
            )
        row.recipient = user
        if row.email == Notification.Email.WAITING and delivery[user.pk] == D.IMMEDIATE:
            rows.append(row)
    return rows


def notifications_read(*, user, ids=None) -> int:
    """Mark the user's notices read: those with these ids, or all of them."""
    notices = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user, deliveries: dict[str, str]) -> None:
    """Keep how the user wants each kind of notice; a choice a kind does not offer is refused."""
    for kind, delivery in deliveries.items():
        if NoticeKind(kind) not in DELIVERY_CHOICES or delivery not in DELIVERY_CHOICES[NoticeKind(kind)]:
            raise ValidationError(_("That choice is not offered for this kind of notice."), code="choice")
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def digest_recipients() -> list[int]:
    """Ids of the users with notices waiting for the daily e-mail."""
    waiting = Notification.objects.filter(email=Notification.Email.WAITING).order_by()
    return sorted(waiting.values_list("recipient_id", flat=True).distinct())


def wants_email(kind: str, users: list) -> list:
    """The users who did not turn e-mail off for this kind of notice (core's notices.who_wants_email)."""
    delivery = deliveries_for(users, kind)
    return [user for user in users if delivery[user.pk] != D.NONE]


# --- Subscriptions -------------------------------------------------------------------------


def _signed(subscription: Subscription) -> dict:
    # The office too: a link of one office's subscription is no link at all under another office's address.
    return {"o": subscription.office_id, "s": subscription.pk, "k": subscription.key}


def confirm_token(subscription: Subscription, topics: list[str]) -> str:
    return signing.dumps({**_signed(subscription), "t": sorted(topics)}, salt=CONFIRM_SALT)


def stop_token(subscription: Subscription) -> str:
    return signing.dumps(_signed(subscription), salt=STOP_SALT)


def confirm_days() -> int:
    return settings.SUBSCRIPTION_CONFIRM_DAYS


def _read_token(office: Office, token: str, salt: str, max_age: datetime.timedelta | None = None) -> dict | None:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also an expired one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int) or not payload.get("k"):
        return None
    return payload if payload.get("o") == office.pk else None


def subscription_for_confirm(*, office: Office, token: str) -> tuple[Subscription | None, list[str]]:
    """The subscription a confirmation link is for, in this office, and the updates it asks for."""
    payload = _read_token(office, token, CONFIRM_SALT, datetime.timedelta(days=confirm_days()))
    if payload is None:
        return None, []
    topics = [topic for topic in payload.get("t") or [] if isinstance(topic, str) and update_source(topic)]
    found = Subscription.objects.for_office(office).filter(pk=payload["s"], key=payload["k"]).first()
    return (found, topics) if topics else (None, [])


def subscription_for_stop(*, office: Office, token: str) -> tuple[bool, Subscription | None]:
    """(whether the link is genuine, the subscription it cancels if it is still there)."""
    payload = _read_token(office, token, STOP_SALT)
    if payload is None:
        return False, None
    return True, Subscription.objects.for_office(office).filter(pk=payload["s"], key=payload["k"]).first()


def _clean_topics(topics) -> list[str]:
    chosen = sorted({topic for topic in topics if update_source(topic) is not None})
    if not chosen:
        raise ValidationError(_("Choose what you want to receive."), code="no_topics")
    return chosen


def subscription_request(*, office: Office, email: str, topics, language: str) -> Subscription:
    """Ask for updates: a request waiting for confirmation, and the e-mail with the link that confirms it.

    The answer is the same whether the address was new, waiting or already confirmed, so the form tells
    nobody who subscribes; a confirmed subscriber's choice changes only when they follow the new link."""
    from participation.notifications.tasks import send_subscription_confirmation

    topics = _clean_topics(topics)
    email = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscription, created = Subscription.objects.get_or_create(
                    office=office,
                    email=email,
                    defaults={"topics": Subscription.join_topics(topics), "language": language},
                )
        except IntegrityError:  # the same address at the same moment
            subscription, created = Subscription.objects.get(office=office, email=email), False
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if not created and not subscription.is_active:
            # Asked again before confirming: the latest choice counts, and its week starts again.
            subscription.topics, subscription.language = Subscription.join_topics(topics), language
            subscription.created_at = timezone.now()
            subscription.save(update_fields=["topics", "language", "created_at"])
        pk = subscription.pk
        transaction.on_commit(
            lambda: send_subscription_confirmation.enqueue(subscription_id=pk, topics=topics, language=language)
        )
    return subscription


@transaction.atomic
def subscription_confirm(*, office: Office, token: str) -> Subscription:
    """Follow the link of the confirmation e-mail: the subscription becomes active with the updates chosen."""
    found, topics = subscription_for_confirm(office=office, token=token)
    if found is None:
        raise ValidationError(
            _("This link is not valid or has expired. Ask for the updates again to receive a new one."),
            code="invalid",
        )
    subscription = Subscription.objects.select_for_update().get(pk=found.pk)
    subscription.topics = Subscription.join_topics(topics)
    subscription.status = Subscription.Status.ACTIVE
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["topics", "status", "confirmed_at"])
    # Never the address: only that a subscription of this office was confirmed, and to what.
    AuditEvent.record(actor=None, action="subscription.confirmed", office=office, topics=topics)
    return subscription


@transaction.atomic
def subscription_cancel(*, office: Office, token: str) -> bool:
    """Cancel with the link of an update e-mail: the row and the address are deleted. False if none was left."""
    genuine, found = subscription_for_stop(office=office, token=token)
    if not genuine:
        raise ValidationError(_("This link is not valid."), code="invalid")
    if found is None:
        return False
    deleted, _counts = Subscription.objects.filter(pk=found.pk, key=found.key).delete()
    if deleted:
        AuditEvent.record(actor=None, action="subscription.cancelled", office=office)
    return bool(deleted)


def subscriptions_purge(*, office: Office, now: datetime.datetime, dry_run: bool) -> int:
    """Requests nobody confirmed within the time their link works are deleted."""
    stale = Subscription.objects.for_office(office).unconfirmed_before(now - datetime.timedelta(days=confirm_days()))
    if dry_run:
        return stale.count()
    _total, counts = stale.delete()
    count = counts.get(Subscription._meta.label, 0)
    if count:
        AuditEvent.record(actor=None, action="subscription.requests_purged", office=office, count=count)
    return count
