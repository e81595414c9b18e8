"""Notices to staff in the workspace (and by e-mail, as each person chose), and citizens' e-mail
subscriptions to an office's announcements and meetings, with what each subscriber was sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.models import Office
from participation.notices import NOTICE_LABELS, NoticeKind
from participation.permissions import Ability, office_ids_where

KIND_CHOICES = [(kind.value, label) for kind, label in NOTICE_LABELS.items()]


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's notices from offices where they still work (a role lost takes its notices with it)."""
        notices = self.filter(recipient=user)
        offices = office_ids_where(user, Ability.ACT)
        return notices if offices is None else notices.filter(office_id__in=offices)

    def unread(self):
        """Notices not yet marked read."""
        return self.filter(read_at__isnull=True)

    def newest_first(self):
        return self.select_related("office").order_by("-created_at", "-pk")


class Notification(models.Model):
    """One notice to one person, about a record of one office."""

    class Email(models.TextChoices):
        NONE = "none", _("not e-mailed")
        WAITING = "waiting", _("waiting for the daily e-mail")
        SENT = "sent", _("e-mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    subject = SingleLineCharField(_("about"), max_length=250)
    text = models.TextField(_("comment"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The notice this row came from: a retried task finds the rows it made instead of making more.
    batch = models.CharField(_("notice"), max_length=32)
    email = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.NONE)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "recipient"], name="notification_once_per_notice")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "recipient"], name="notification_digest"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.about}"

    @property
    def about(self) -> str:
        """What the notice is about, in the reader's language."""
        if self.kind.startswith("summary_"):
            return gettext_now("Fiscal year %(year)s") % {"year": self.subject}
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one person wants one kind of notice: e-mailed at once, in the daily e-mail, or not e-mailed."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail at once")
        DIGEST = "digest", _("In the daily e-mail")
        NONE = "none", _("No e-mail (in the workspace only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.get_delivery_display()}"


D = NotificationPreference.Delivery
# What a person gets until they choose: the notices that ask for action at once; the overdue list daily.
DEFAULT_DELIVERY = dict.fromkeys(NoticeKind, D.IMMEDIATE) | {NoticeKind.FEEDBACK_OVERDUE: D.DIGEST}
# The overdue list is made once a day: "at once" means nothing for it.
DELIVERY_CHOICES = {kind: list(D) for kind in NoticeKind} | {NoticeKind.FEEDBACK_OVERDUE: [D.DIGEST, D.NONE]}


def new_key() -> str:
    return get_random_string(24)


class SubscriptionQuerySet(models.QuerySet):
    def for_office(self, office):
        """The subscriptions to one office."""
        return self.filter(office=office)

    def active(self):
        """Confirmed subscriptions: the only ones that are sent updates."""
        return self.filter(status=Subscription.Status.ACTIVE)

    def to(self, topic: str):
        """Subscriptions that asked for this kind of update (a registered update source)."""
        return self.filter(topics__contains=f" {topic} ")

    def unconfirmed_before(self, moment):
        """Requests nobody confirmed, made before `moment`."""
        return self.filter(status=Subscription.Status.PENDING, created_at__lt=moment)


class Subscription(models.Model):
    """Someone's e-mail address, to be sent an office's announcements and/or meetings once they confirmed it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", _("confirmed")

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, default="th")
    # The update sources asked for, each between spaces (" announcements meetings "), for one portable filter.
    topics = models.CharField(_("updates"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # A secret of this row, in its links: a link signed for one subscription never reaches another, and
    # a link to a subscription that was cancelled and made again stops working.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        constraints = [models.UniqueConstraint(fields=["office", "email"], name="subscription_once_per_address")]
        indexes = [models.Index(fields=["office", "status"], name="subscription_office_status")]

    def __str__(self):
        return f"{self.office.slug} · {self.get_status_display()}"

    @property
    def topic_list(self) -> list[str]:
        return self.topics.split()

    @staticmethod
    def join_topics(topics) -> str:
        return f" {' '.join(sorted(set(topics)))} " if topics else ""

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class UpdateDelivery(models.Model):
    """One update e-mailed to one subscriber: a retried or repeated sending skips it."""

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="deliveries"
    )
    source = models.CharField(_("kind"), max_length=40)
    item_id = models.PositiveBigIntegerField(_("record"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("update sent")
        verbose_name_plural = _("updates sent")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "source", "item_id"], name="update_sent_once"),
        ]

    def __str__(self):
        return f"{self.source}:{self.item_id}"
