"""Staff notices (issue #18, finding 6): the director hears that a summary awaits a decision, staff hear
that it was returned or approved, an assignee hears of feedback given to them; by e-mail and in the
workspace, as each person chose, and only while they hold the role."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.cycle import services as cycle_services
from participation.feedback import services as feedback_services
from participation.models import OfficeMembership
from participation.notifications.models import Notification, NotificationPreference
from participation.notifications.tasks import deliver_notice
from tests.factories import FeedbackFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def to(mailoutbox, user) -> list:
    return [message for message in mailoutbox if user.email in message.to]


def test_submitting_a_summary_emails_the_director_and_tells_them_in_the_workspace(
    summary, staff_singburi, director_singburi, committed, mailoutbox
):
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    [message] = to(mailoutbox, director_singburi)
    assert "2568" in message.subject
    assert f"/manage/singburi/plans/{summary.plan.fiscal_year}/summary/" in message.body
    notice = Notification.objects.get(recipient=director_singburi)
    assert notice.kind == "summary_submitted" and notice.email == "sent" and notice.read_at is None
    # The one who submitted is not told of their own act.
    assert not to(mailoutbox, staff_singburi)
    assert not Notification.objects.filter(recipient=staff_singburi).exists()


def test_the_workspace_header_counts_the_directors_unread_notices(
    client, summary, staff_singburi, director_singburi, committed
):
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    client.force_login(director_singburi)
    page = client.get("/en/manage/").content.decode()
    assert 'href="/en/manage/notifications/"' in page
    assert '1<span class="visually-hidden"> unread</span>' in page


def test_returning_tells_the_staff_who_submitted_with_the_comment(
    summary, staff_singburi, director_singburi, committed, mailoutbox
):
    colleague = MembershipFactory(office=summary.plan.office, role=OfficeMembership.Role.STAFF).user
    cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    with committed():
        cycle_services.summary_return(summary=summary, actor=director_singburi, comment="เพิ่มตัวเลขผู้เข้าร่วม")
    [message] = to(mailoutbox, staff_singburi)
    assert "เพิ่มตัวเลขผู้เข้าร่วม" in message.body
    notice = Notification.objects.get(recipient=staff_singburi)
    assert notice.kind == "summary_returned" and notice.text == "เพิ่มตัวเลขผู้เข้าร่วม"
    # The office's other staff hear of it too; the director who decided does not.
    assert Notification.objects.filter(recipient=colleague, kind="summary_returned").exists()
    assert not Notification.objects.filter(recipient=director_singburi, kind="summary_returned").exists()


def test_approval_tells_the_staff(summary, staff_singburi, director_singburi, committed, mailoutbox):
    cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    with committed():
        cycle_services.summary_approve(summary=summary, actor=director_singburi, name="ผอ.", position="ผู้อำนวยการ")
    assert len(to(mailoutbox, staff_singburi)) == 1
    assert Notification.objects.get(recipient=staff_singburi).kind == "summary_approved"


def test_no_notice_crosses_offices(summary, staff_singburi, director_singburi, chainat, committed, mailoutbox):
    other_director = MembershipFactory(office=chainat, role=OfficeMembership.Role.DIRECTOR).user
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    assert not to(mailoutbox, other_director)
    assert set(Notification.objects.values_list("recipient", flat=True)) == {director_singburi.pk}


def test_a_director_who_lost_the_role_before_delivery_is_not_told(
    summary, staff_singburi, director_singburi, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    OfficeMembership.objects.filter(user=director_singburi).update(role=OfficeMembership.Role.STAFF)
    run_tasks()
    assert not mailoutbox
    assert not Notification.objects.exists()


def test_notices_of_an_office_left_are_no_longer_shown(client, summary, staff_singburi, director_singburi, committed):
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    notice = Notification.objects.get()
    OfficeMembership.objects.filter(user=director_singburi).delete()
    client.force_login(director_singburi)
    assert notice.about not in client.get("/en/manage/notifications/").content.decode()
    assert client.post(f"/manage/notifications/{notice.pk}/read/").status_code == 404


def test_a_rolled_back_change_tells_nobody(summary, staff_singburi, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    # Queued only on commit: what runs the task is the callback, never the service itself.
    assert callbacks and not mailoutbox


def test_assigning_feedback_tells_the_assignee(singburi, staff_singburi, director_singburi, committed, mailoutbox):
    feedback = FeedbackFactory(office=singburi, subject="ถนนชำรุด")
    with committed():
        feedback_services.feedback_assign(feedback=feedback, actor=director_singburi, assignee=staff_singburi)
    [message] = to(mailoutbox, staff_singburi)
    assert feedback.formatted_code in message.subject and "ถนนชำรุด" in message.subject
    notice = Notification.objects.get(recipient=staff_singburi)
    assert notice.kind == "feedback_assigned" and notice.url == feedback.get_manage_url()


def test_taking_feedback_oneself_sends_nothing(singburi, staff_singburi, committed, mailoutbox):
    feedback = FeedbackFactory(office=singburi)
    with committed():
        feedback_services.feedback_assign(feedback=feedback, actor=staff_singburi, assignee=staff_singburi)
    assert not mailoutbox and not Notification.objects.exists()


def test_a_report_of_misconduct_is_named_by_its_code_alone(singburi, director_singburi, committed, mailoutbox):
    handler = MembershipFactory(office=singburi, role=OfficeMembership.Role.STAFF, sees_misconduct=True).user
    report = FeedbackFactory(office=singburi, kind="misconduct", subject="ผู้บริหารรับเงิน")
    with committed():
        feedback_services.feedback_assign(feedback=report, actor=director_singburi, assignee=handler)
    [message] = to(mailoutbox, handler)
    assert "ผู้บริหารรับเงิน" not in message.subject + message.body
    assert Notification.objects.get().subject == report.formatted_code


def test_digest_setting_waits_for_the_daily_email(summary, staff_singburi, director_singburi, committed, mailoutbox):
    NotificationPreference.objects.create(user=director_singburi, kind="summary_submitted", delivery="digest")
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    assert not mailoutbox
    assert Notification.objects.get().email == "waiting"
    with committed():
        call_command("send_feedback_digest", stdout=io.StringIO())
    [message] = to(mailoutbox, director_singburi)
    assert "/manage/singburi/plans/2568/summary/" in message.body
    assert Notification.objects.get().email == "sent"
    # Sent once: the next day's run has nothing for them.
    with committed():
        call_command("send_feedback_digest", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_no_email_setting_keeps_the_notice_in_the_workspace(
    summary, staff_singburi, director_singburi, committed, mailoutbox
):
    NotificationPreference.objects.create(user=director_singburi, kind="summary_submitted", delivery="none")
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    assert not mailoutbox
    assert Notification.objects.get(recipient=director_singburi).email == "none"


def test_the_overdue_list_honours_the_setting(singburi, staff_singburi, director_singburi, committed, mailoutbox):
    late = timezone.localdate() - datetime.timedelta(days=1)
    FeedbackFactory(office=singburi, received_on=late, due_on=late)
    NotificationPreference.objects.create(user=staff_singburi, kind="feedback_overdue", delivery="none")
    with committed():
        call_command("send_feedback_digest", stdout=io.StringIO())
    [message] = mailoutbox
    assert director_singburi.email in message.to and staff_singburi.email not in message.to


def test_a_retried_delivery_makes_no_second_notice(singburi, staff_singburi, director_singburi):
    fields = {
        "batch": "b1",
        "kind": "summary_submitted",
        "office_id": singburi.pk,
        "subject": "2568",
        "url": "/manage/singburi/plans/2568/summary/",
        "actor_id": staff_singburi.pk,
        "ability": "decide",
        "requires": "decide",
    }
    deliver_notice.call(**fields)
    deliver_notice.call(**fields)
    assert Notification.objects.filter(recipient=director_singburi).count() == 1


def test_inactive_users_are_not_told(summary, staff_singburi, committed, mailoutbox):
    gone = UserFactory(is_active=False)
    MembershipFactory(user=gone, office=summary.plan.office, role=OfficeMembership.Role.DIRECTOR)
    with committed():
        cycle_services.summary_submit(summary=summary, actor=staff_singburi)
    assert not Notification.objects.filter(recipient=gone).exists()
