"""Meeting e-mail that must not hold up a request. Run by `python manage.py run_worker`.

Subjects are put on one line (`single_line`): Django refuses a subject with a line break, and a
meeting saved before titles were kept on one line may hold one.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from participation.fields import single_line
from participation.meetings.models import Registration


def _send(registration: Registration, template: str, subject: str) -> None:
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "office": registration.meeting.office,
        "site_url": settings.SITE_URL,
    }
    body = render_to_string(template, context)
    send_mail(single_line(subject), body, None, [registration.email])


@task()
def send_registration_confirmation(*, registration_id: int) -> None:
    """Confirm a registration to the person who registered, in the language they used."""
    registration = Registration.objects.select_related("meeting__office").filter(pk=registration_id).first()
    if registration is None:
        return
    with translation.override(registration.language):
        subject = translation.gettext("Registration confirmed: %(title)s") % {"title": registration.meeting.title}
        _send(registration, "meetings/email/registration_confirmed.txt", subject)


@task()
def send_meeting_cancelled(*, registration_id: int) -> None:
    """Tell a registrant that the meeting was cancelled."""
    registration = Registration.objects.select_related("meeting__office").filter(pk=registration_id).first()
    if registration is None:
        return
    with translation.override(registration.language):
        subject = translation.gettext("Meeting cancelled: %(title)s") % {"title": registration.meeting.title}
        _send(registration, "meetings/email/meeting_cancelled.txt", subject)
