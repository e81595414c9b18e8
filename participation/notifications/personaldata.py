"""E-mail subscriptions as a source of personal data (participation.personaldata): an address, the
language it was asked in and what it receives. Erasing deletes the subscription; the retention purge
deletes requests nobody confirmed while their link worked."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.notices import update_source
from participation.notifications.models import Subscription
from participation.notifications.services import subscriptions_purge
from participation.personaldata import Found, register_personal_data_source


def _topic_labels(subscription: Subscription) -> str:
    return ", ".join(str(update_source(topic).label) for topic in subscription.topic_list if update_source(topic))


def find_subscriptions(*, office, person, standing) -> list[Found]:
    items = Subscription.objects.for_office(office).filter(person.email_q()).order_by("created_at", "pk")
    return [
        Found(
            kind="subscriptions",
            pk=item.pk,
            label=str(_("E-mail updates: %(topics)s")) % {"topics": _topic_labels(item)},
            date=item.created_at,
            matched=person.matched(email=item.email),
            details=[
                (str(_("E-mail")), item.email),
                (str(_("Status")), str(item.get_status_display())),
                (str(_("Language")), item.language),
            ],
            data={
                "email": item.email,
                "language": item.language,
                "updates": item.topic_list,
                "status": item.status,
                "requested_at": timezone.localtime(item.created_at).isoformat(),
                "confirmed_at": timezone.localtime(item.confirmed_at).isoformat() if item.confirmed_at else None,
            },
            emails=[item.email],
        )
        for item in items
    ]


def erase_subscriptions(*, office, records, redactor, redact) -> int:
    items = Subscription.objects.for_office(office).filter(pk__in=[record.pk for record in records])
    count = 0
    for item in items.select_for_update():
        item.delete()
        count += 1
    return count


def register() -> None:
    register_personal_data_source(
        key="subscriptions",
        label=_("E-mail subscriptions"),
        order=80,
        find=find_subscriptions,
        erase=erase_subscriptions,
        effect=_("The subscription is deleted: no more updates are sent to the address."),
        purge=subscriptions_purge,
    )
