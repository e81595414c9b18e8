"""What notifications add to the core's registries: the listeners that deliver staff notices and public
updates, people's e-mail settings, the daily digest, the subscribe page linked from other apps' pages and
the office's home, and subscribers' addresses as a source of personal data."""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation import notices
from participation.navigation import register_home_block, register_office_link
from participation.notifications import personaldata, services, tasks


def queue_notice(notice: notices.Notice) -> None:
    fields = dataclasses.asdict(notice)
    fields.update(
        kind=str(notice.kind),
        user_ids=list(notice.user_ids),
        ability=str(notice.ability) if notice.ability else None,
        requires=str(notice.requires),
        batch=services.new_batch(),
    )
    transaction.on_commit(lambda: tasks.deliver_notice.enqueue(**fields))


def queue_update(update: notices.Update) -> None:
    """E-mail subscribers once the record is public: now, or when a scheduled announcement's time comes."""
    task = tasks.send_update
    if update.public_at is not None and update.public_at > timezone.now():
        task = task.using(run_after=update.public_at)
    fields = {"source": update.source, "office_id": update.office_id, "item_id": update.pk}
    transaction.on_commit(lambda: task.enqueue(**fields))


def register() -> None:
    notices.on_notice(queue_notice)
    notices.on_update(queue_update)
    notices.on_email_filter(services.wants_email)
    notices.on_daily(tasks.queue_digests)
    register_office_link(key="subscribe", label=_("Get e-mail updates"), url_name="notifications:subscribe")
    register_home_block(key="subscribe", template_name="notifications/public/_home.html", order=90)
    personaldata.register()
