"""The workspace's notices: the list, marking read (one, all), and each person's e-mail settings."""

import pytest

from participation.notifications.models import Notification, NotificationPreference
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def notice(user, office, **fields) -> Notification:
    fields = {"kind": "feedback_assigned", "subject": "ABCD-EFGH · ถนน", "url": "/manage/singburi/feedback/", **fields}
    batch = f"b{Notification.objects.count()}"
    return Notification.objects.create(recipient=user, office=office, batch=batch, **fields)


def test_the_list_shows_ones_own_notices_newest_first(client, singburi, staff_singburi, director_singburi):
    old = notice(staff_singburi, singburi, subject="แรก")
    new = notice(staff_singburi, singburi, subject="ล่าสุด", kind="summary_approved")
    notice(director_singburi, singburi, subject="ของผู้อำนวยการ")
    client.force_login(staff_singburi)
    page = client.get("/en/manage/notifications/").content.decode()
    assert page.index(new.about) < page.index(old.subject)
    assert "Fiscal year ล่าสุด" in page  # a summary's notice names its fiscal year
    assert "ของผู้อำนวยการ" not in page
    assert "Mark all as read" in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, singburi, staff_singburi):
    item = notice(staff_singburi, singburi)
    client.force_login(staff_singburi)
    assert client.get(f"/manage/notifications/{item.pk}/read/").status_code == 405
    response = client.post(f"/manage/notifications/{item.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == item.url
    item.refresh_from_db()
    assert item.is_read


def test_marking_one_read_goes_back_to_the_list(client, singburi, staff_singburi):
    item, other = notice(staff_singburi, singburi), notice(staff_singburi, singburi)
    client.force_login(staff_singburi)
    response = client.post(f"/manage/notifications/{item.pk}/read/")
    assert response["Location"] == "/manage/notifications/"
    assert Notification.objects.unread().get() == other


def test_nobody_marks_another_persons_notice(client, singburi, staff_singburi, director_singburi):
    item = notice(director_singburi, singburi)
    client.force_login(staff_singburi)
    assert client.post(f"/manage/notifications/{item.pk}/read/").status_code == 404
    item.refresh_from_db()
    assert not item.is_read


def test_mark_all_read_only_touches_ones_own(client, singburi, staff_singburi, director_singburi):
    notice(staff_singburi, singburi), notice(staff_singburi, singburi)
    theirs = notice(director_singburi, singburi)
    client.force_login(staff_singburi)
    response = client.post("/manage/notifications/read/")
    assert response.status_code == 302
    assert list(Notification.objects.unread()) == [theirs]
    page = client.get("/en/manage/notifications/").content.decode()
    assert "Mark all as read" not in page


def test_the_unread_count_is_in_every_workspace_page(client, singburi, staff_singburi):
    notice(staff_singburi, singburi), notice(staff_singburi, singburi)
    client.force_login(staff_singburi)
    for path in ["/en/manage/", "/en/manage/singburi/announcements/", "/en/manage/notifications/"]:
        assert '2<span class="visually-hidden"> unread</span>' in client.get(path).content.decode(), path


def test_the_list_costs_the_same_for_many_notices(client, singburi, staff_singburi):
    from tests.helpers import count_queries

    client.force_login(staff_singburi)
    notice(staff_singburi, singburi)
    small = count_queries(client, "/manage/notifications/")
    for _ in range(40):
        notice(staff_singburi, singburi)
    assert count_queries(client, "/manage/notifications/") == small


def test_settings_keep_each_kinds_choice(client, staff_singburi):
    client.force_login(staff_singburi)
    page = client.get("/en/manage/notifications/settings/").content.decode()
    assert "E-mail at once" in page and "In the daily e-mail" in page
    choices = {
        "summary_submitted": "none",
        "summary_returned": "digest",
        "summary_approved": "immediate",
        "feedback_assigned": "immediate",
        "feedback_overdue": "none",
    }
    response = client.post("/manage/notifications/settings/", choices)
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=staff_singburi).values_list("kind", "delivery"))
    assert saved == choices
    # The overdue list is made once a day: "at once" is not offered for it.
    refused = client.post("/en/manage/notifications/settings/", {**choices, "feedback_overdue": "immediate"})
    assert refused.status_code == 400
    assert NotificationPreference.objects.get(user=staff_singburi, kind="feedback_overdue").delivery == "none"


def test_settings_are_each_persons_own(client, singburi, staff_singburi):
    other = MembershipFactory(office=singburi).user
    NotificationPreference.objects.create(user=other, kind="summary_returned", delivery="none")
    client.force_login(staff_singburi)
    form = client.get("/manage/notifications/settings/").context["form"]
    assert form["summary_returned"].initial == "immediate"


def test_the_dashboard_panel_lists_the_newest_unread(rf, singburi, staff_singburi):
    from django.template.loader import render_to_string

    read = notice(staff_singburi, singburi, subject="อ่านแล้ว")
    read.read_at = read.created_at
    read.save()
    notice(staff_singburi, singburi, subject="ยังไม่อ่าน")
    request = rf.get("/manage/")
    request.user = staff_singburi
    html = render_to_string("notifications/manage/_panel.html", request=request)
    assert "ยังไม่อ่าน" in html and "อ่านแล้ว" not in html
