"""Feedback e-mail that must not hold up a request. Run by `python manage.py run_worker`."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from participation.feedback.models import Feedback
from participation.fields import single_line
from participation.models import Office
from participation.notices import NoticeKind, who_wants_email
from participation.permissions import Ability, members_who_can


def _feedback(feedback_id: int):
    return Feedback.objects.select_related("office").filter(pk=feedback_id).first()


def _send_feedback_mail(feedback, template: str, subject: str, recipients: list[str]) -> None:
    context = {"feedback": feedback, "office": feedback.office, "site_url": settings.SITE_URL}
    send_mail(single_line(subject), render_to_string(template, context), None, recipients)


@task()
def send_feedback_receipt(*, feedback_id: int) -> None:
    """The receipt, with the tracking code, to a sender who gave an e-mail address."""
    feedback = _feedback(feedback_id)
    if feedback is None or not feedback.email:
        return
    with translation.override(feedback.language):
        subject = translation.gettext("Your feedback was received: %(code)s") % {"code": feedback.formatted_code}
        _send_feedback_mail(feedback, "feedback/email/feedback_receipt.txt", subject, [feedback.email])


@task()
def notify_sender_of_answer(*, feedback_id: int) -> None:
    feedback = _feedback(feedback_id)
    if feedback is None or not feedback.email:
        return
    with translation.override(feedback.language):
        subject = translation.gettext("The office has answered your feedback %(code)s") % {
            "code": feedback.formatted_code
        }
        _send_feedback_mail(feedback, "feedback/email/feedback_answered.txt", subject, [feedback.email])


def feedback_handlers(office, *, misconduct: bool, notice: NoticeKind | None = None) -> list[str]:
    """E-mail addresses of the office's people who may see this kind of feedback (and, for a `notice`,
    who did not turn its e-mail off in their notification settings)."""
    users = [m.user for m in members_who_can(office, Ability.HANDLE_MISCONDUCT if misconduct else Ability.ACT)]
    if notice is not None:
        users = who_wants_email(notice, users)
    return sorted({user.email for user in users if user.email})


@task()
def notify_staff_of_feedback(*, feedback_id: int) -> None:
    """Tell the office's people that feedback arrived; reports of misconduct only reach those who handle them."""
    feedback = _feedback(feedback_id)
    if feedback is None:
        return
    recipients = feedback_handlers(feedback.office, misconduct=feedback.is_misconduct)
    if not recipients:
        return
    with translation.override("th"):
        subject = translation.gettext("New feedback for %(office)s") % {"office": feedback.office.short_name}
        _send_feedback_mail(feedback, "feedback/email/feedback_new_staff.txt", subject, recipients)


@task()
def send_overdue_digest(*, office_id: int) -> None:
    """The daily list of an office's overdue feedback, to the people who handle it."""
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        return
    overdue = list(Feedback.objects.for_office(office).overdue().select_related("office").order_by("due_on"))
    if not overdue:
        return
    with translation.override("th"):
        for misconduct in (False, True):
            items = [item for item in overdue if item.is_misconduct == misconduct]
            recipients = feedback_handlers(office, misconduct=misconduct, notice=NoticeKind.FEEDBACK_OVERDUE)
            if not items or not recipients:
                continue
            subject = translation.gettext("%(count)d feedback items are overdue at %(office)s") % {
                "count": len(items),
                "office": office.short_name,
            }
            body = render_to_string(
                "feedback/email/feedback_overdue.txt",
                {"office": office, "items": items, "site_url": settings.SITE_URL},
            )
            send_mail(single_line(subject), body, None, recipients)
