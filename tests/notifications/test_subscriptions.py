"""Citizens' e-mail updates: double opt-in, updates on publication (scheduled ones at their time), sent once
in batches, one-click unsubscribe (RFC 8058), isolation between subscriptions and offices, the limits and
the personal-data tools."""

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from announcements import services as announcement_services
from participation.meetings import services as meeting_services
from participation.models import AuditEvent
from participation.notifications import services, tasks
from participation.notifications.models import Subscription, UpdateDelivery
from participation.permissions import standing
from participation.personaldata import Person, person_erase, person_find, retention_purge
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/\S+)")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def subscribe(client, office="singburi", email="reader@example.org", topics=("announcements", "meetings"), en=False):
    prefix = "/en" if en else ""
    return client.post(f"{prefix}/{office}/subscribe/", {"email": email, "topics": list(topics)})


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def confirmed(client, committed, mailoutbox, **kwargs) -> Subscription:
    with committed():
        subscribe(client, **kwargs)
    assert client.post(link_in(mailoutbox[-1])).status_code == 200
    mailoutbox.clear()
    return Subscription.objects.get(email=kwargs.get("email", "reader@example.org"))


def publish(office, author, *, subject="ประกาศรับสมัคร", at=None):
    item = AnnouncementFactory(office=office, body="เนื้อหา", subject=subject)
    return announcement_services.announcement_publish(announcement=item, actor=author, at=at)[0]


def test_a_request_is_not_active_until_its_link_is_followed(client, singburi, staff_singburi, committed, mailoutbox):
    with committed():
        response = subscribe(client)
    assert response.status_code == 200 and "reader@example.org" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == "pending"
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    link = link_in(message)
    assert link.startswith("/singburi/subscribe/confirm/")
    # Nothing goes to an address nobody confirmed.
    mailoutbox.clear()
    with committed():
        publish(singburi, staff_singburi)
    assert not mailoutbox
    # Opening the link (or a mail scanner fetching it) only shows the button.
    assert client.get(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "pending"
    page = client.post(link)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "active" and subscription.topic_list == ["announcements", "meetings"]
    assert AuditEvent.objects.filter(action="subscription.confirmed", office=singburi).exists()
    assert "reader@example.org" not in str(AuditEvent.objects.values_list("data", "target_repr"))


def test_publishing_mails_confirmed_subscribers_once_with_one_click_unsubscribe(
    client, singburi, staff_singburi, committed, mailoutbox
):
    subscription = confirmed(client, committed, mailoutbox)
    with committed():
        item = publish(singburi, staff_singburi, subject="ประกาศรับสมัครครูอัตราจ้าง")
    [message] = mailoutbox
    assert "ประกาศรับสมัครครูอัตราจ้าง" in message.subject
    assert f"http://testserver/singburi/announcements/{item.pk}/" in message.body
    stop = message.extra_headers["List-Unsubscribe"]
    assert stop.startswith("<http://testserver/singburi/unsubscribe/") and stop.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop[len("<http://testserver") : -1] in message.body
    assert UpdateDelivery.objects.get().subscription == subscription
    # A retry of the same sending (the worker runs tasks at least once) mails nobody twice.
    tasks.send_update.call(source="announcements", office_id=singburi.pk, item_id=item.pk)
    assert len(mailoutbox) == 1


def test_one_click_post_unsubscribes_without_a_page_or_csrf_token(
    client, singburi, staff_singburi, committed, mailoutbox
):
    confirmed(client, committed, mailoutbox)
    with committed():
        publish(singburi, staff_singburi)
    stop = mailoutbox[0].extra_headers["List-Unsubscribe"][len("<http://testserver") : -1]
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(stop, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Asked again (a mail program retrying), it answers the same and changes nothing.
    assert (
        mail_program.post(
            stop, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )


def test_the_unsubscribe_link_shows_a_button_first(client, singburi, staff_singburi, committed, mailoutbox):
    subscription = confirmed(client, committed, mailoutbox)
    stop = f"/en/singburi/unsubscribe/{services.stop_token(subscription)}/"
    page = Client().get(stop)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Subscription.objects.exists()  # a GET changes nothing
    assert "The updates are stopped" in Client().post(stop).content.decode()
    assert not Subscription.objects.exists()


def test_a_link_of_one_subscription_never_reaches_another(client, singburi, chainat, committed, mailoutbox):
    mine = confirmed(client, committed, mailoutbox, email="a@example.org")
    theirs = confirmed(client, committed, mailoutbox, email="b@example.org")
    token = services.stop_token(mine)
    # Changing the id inside the link breaks its signature.
    payload = signing.loads(token, salt=services.STOP_SALT)
    forged = signing.dumps({**payload, "s": theirs.pk}, salt="another salt")
    assert Client().post(f"/singburi/unsubscribe/{forged}/").status_code == 404
    # A confirmation link does not unsubscribe, nor the reverse.
    assert Client().post(f"/singburi/unsubscribe/{services.confirm_token(theirs, ['meetings'])}/").status_code == 404
    assert Client().post(f"/singburi/subscribe/confirm/{services.stop_token(theirs)}/").status_code == 404
    # The link under another office's address is no link.
    assert Client().post(f"/chainat/unsubscribe/{token}/").status_code == 404
    assert Subscription.objects.count() == 2
    # A link of a subscription that was cancelled and made again stops working.
    Client().post(f"/singburi/unsubscribe/{token}/")
    confirmed(client, committed, mailoutbox, email="a@example.org")
    assert "no longer receives" in Client().get(f"/en/singburi/unsubscribe/{token}/").content.decode()
    assert Client().post(f"/singburi/unsubscribe/{token}/").status_code == 200
    assert Subscription.objects.count() == 2


def test_an_expired_confirmation_link_does_not_work(client, singburi, committed, mailoutbox, settings):
    with committed():
        subscribe(client)
    link = link_in(mailoutbox[0])
    settings.SUBSCRIPTION_CONFIRM_DAYS = 0
    assert client.post(link).status_code == 404
    assert Subscription.objects.get().status == "pending"


def test_unconfirmed_requests_are_purged_after_their_link_expires(singburi):
    old = Subscription.objects.create(
        office=singburi, email="old@example.org", created_at=timezone.now() - datetime.timedelta(days=8)
    )
    Subscription.objects.create(office=singburi, email="new@example.org")
    Subscription.objects.create(
        office=singburi,
        email="kept@example.org",
        status="active",
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    assert retention_purge(office=singburi, dry_run=True)["subscriptions"] == 1
    assert retention_purge(office=singburi)["subscriptions"] == 1
    assert not Subscription.objects.filter(pk=old.pk).exists()
    assert Subscription.objects.count() == 2


def test_asking_again_answers_the_same_and_changes_a_confirmed_choice_only_by_link(
    client, singburi, committed, mailoutbox
):
    subscription = confirmed(client, committed, mailoutbox, topics=["announcements"])
    with committed():
        response = subscribe(client, topics=["meetings"])
    assert response.status_code == 200 and len(mailoutbox) == 1
    subscription.refresh_from_db()
    assert subscription.topic_list == ["announcements"] and subscription.is_active
    client.post(link_in(mailoutbox[0]))
    subscription.refresh_from_db()
    assert subscription.topic_list == ["meetings"]


def test_a_scheduled_announcement_is_mailed_when_its_time_comes(
    client, singburi, staff_singburi, committed, mailoutbox
):
    confirmed(client, committed, mailoutbox)
    at = timezone.now() + datetime.timedelta(days=2)
    with committed():
        item = publish(singburi, staff_singburi, at=at)
    assert not mailoutbox
    task = DBTaskResult.objects.get(task_path__endswith="send_update")
    assert task.run_after == at
    # Its time comes: the announcement is public and the task is due.
    past = timezone.now() - datetime.timedelta(minutes=1)
    type(item).objects.filter(pk=item.pk).update(published_at=past)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=past)
    with committed():
        pass
    assert len(mailoutbox) == 1


def test_a_scheduled_announcement_taken_back_is_never_mailed(client, singburi, staff_singburi, committed, mailoutbox):
    confirmed(client, committed, mailoutbox)
    with committed():
        item = publish(singburi, staff_singburi, at=timezone.now() + datetime.timedelta(days=2))
    announcement_services.announcement_unschedule(announcement=item, actor=staff_singburi)
    tasks.send_update.call(source="announcements", office_id=singburi.pk, item_id=item.pk)
    assert not mailoutbox


def test_a_public_meeting_goes_to_meeting_subscribers_only(client, singburi, staff_singburi, committed, mailoutbox):
    confirmed(client, committed, mailoutbox, email="meetings@example.org", topics=["meetings"])
    confirmed(client, committed, mailoutbox, email="news@example.org", topics=["announcements"])
    start = timezone.now() + datetime.timedelta(days=5)
    data = {"title": "เวทีรับฟังความคิดเห็น", "starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}
    with committed():
        internal = meeting_services.meeting_create(
            office=singburi, actor=staff_singburi, data={**data, "is_public": False}
        )
    assert not mailoutbox
    with committed():
        meeting_services.meeting_update(meeting=internal, actor=staff_singburi, data={"is_public": True})
    [message] = mailoutbox
    assert message.to == ["meetings@example.org"] and "เวทีรับฟังความคิดเห็น" in message.subject
    # Saved again, it is not mailed again.
    with committed():
        meeting_services.meeting_update(meeting=internal, actor=staff_singburi, data={"is_public": False})
        meeting_services.meeting_update(meeting=internal, actor=staff_singburi, data={"is_public": True})
    assert len(mailoutbox) == 1


def test_another_offices_subscribers_hear_nothing(client, singburi, chainat, staff_singburi, committed, mailoutbox):
    confirmed(client, committed, mailoutbox, office="chainat")
    with committed():
        publish(singburi, staff_singburi)
    assert not mailoutbox


def test_updates_go_out_in_batches_each_subscriber_once(
    client, singburi, staff_singburi, committed, mailoutbox, monkeypatch
):
    monkeypatch.setattr(tasks, "UPDATE_BATCH", 2)
    for number in range(5):
        Subscription.objects.create(
            office=singburi, email=f"r{number}@example.org", topics=" announcements ", status="active"
        )
    with committed():
        publish(singburi, staff_singburi)
    assert sorted(message.to[0] for message in mailoutbox) == [f"r{number}@example.org" for number in range(5)]
    assert DBTaskResult.objects.filter(task_path__endswith="send_update").count() == 3


def test_each_subscriber_reads_their_own_language(client, singburi, staff_singburi, committed, mailoutbox):
    with committed():
        subscribe(client, email="en@example.org", en=True)
    [confirmation] = mailoutbox
    assert confirmation.subject.startswith("Confirm your e-mail updates")
    assert link_in(confirmation).startswith("/en/singburi/subscribe/confirm/")
    client.post(link_in(confirmation))
    mailoutbox.clear()
    with committed():
        item = publish(singburi, staff_singburi)
    assert f"http://testserver/en/singburi/announcements/{item.pk}/" in mailoutbox[0].body
    assert "To stop them, open:" in mailoutbox[0].body


def test_the_form_refuses_bad_input_and_keeps_it(client, singburi):
    response = client.post("/en/singburi/subscribe/", {"email": "not an address", "topics": []})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="not an address"' in page and "Choose what you want to receive." in page
    assert not Subscription.objects.exists()


def test_the_form_is_rate_limited(client, singburi, settings, committed, mailoutbox):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "subscribe_email": (1, 3600)}
    with committed():
        assert subscribe(client).status_code == 200
        refused = subscribe(client, en=True)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "try again in" in refused.content.decode()
    assert len(mailoutbox) == 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "subscribe": (0, 600)}
    assert subscribe(client, email="other@example.org").status_code == 429


def test_the_office_pages_link_to_the_form(client, singburi):
    for path in ["/singburi/", "/singburi/announcements/", "/singburi/meetings/"]:
        assert 'href="/singburi/subscribe/"' in client.get(path).content.decode(), path


def test_the_form_shows_the_privacy_notice_and_works_without_javascript(client, singburi):
    page = client.get("/en/singburi/subscribe/").content.decode()
    assert "What we keep" in page and "How long" in page and "How to stop" in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_subscribers_are_found_and_erased_by_the_personal_data_tools(singburi, chainat, staff_singburi):
    mine = Subscription.objects.create(office=singburi, email="somchai@example.org", status="active")
    Subscription.objects.create(office=chainat, email="somchai@example.org", status="active")
    who = standing(staff_singburi, singburi)
    findings = person_find(office=singburi, person=Person(email="SOMCHAI@example.org"), standing=who)
    [group] = [group for group in findings.groups if group.source.key == "subscriptions"]
    assert [record.pk for record in group.records] == [mine.pk]
    person_erase(office=singburi, person=Person(email="somchai@example.org"), standing=who, actor=staff_singburi)
    assert not Subscription.objects.filter(office=singburi).exists()
    assert Subscription.objects.filter(office=chainat).exists()
