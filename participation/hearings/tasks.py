"""Hearing e-mail and the closing at the end of the period, in the worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from participation.hearings.models import Hearing
from participation.permissions import Ability, members_who_can


def _hearing(hearing_id: int) -> Hearing | None:
    return Hearing.objects.select_related("office").filter(pk=hearing_id).first()


def _staff_addresses(hearing: Hearing) -> list[str]:
    return sorted({m.user.email for m in members_who_can(hearing.office, Ability.ACT) if m.user.email})


def _mail(hearing: Hearing, template: str, subject: str, recipients: list[str], **context) -> None:
    context.update(hearing=hearing, office=hearing.office, site_url=settings.SITE_URL)
    send_mail(subject, render_to_string(template, context), None, recipients)


@task()
def close_hearing_when_due(*, hearing_id: int) -> None:
    """Close a hearing at the end of its period (queued for that moment when it opens)."""
    from participation.hearings.services import hearing_close_if_due  # services queue this task

    hearing_close_if_due(hearing_id=hearing_id)


@task()
def notify_staff_of_pending_comments(*, hearing_id: int) -> None:
    """Tell the office's people that comments await moderation."""
    hearing = _hearing(hearing_id)
    recipients = _staff_addresses(hearing) if hearing else []
    pending = hearing.comments.pending().count() if hearing else 0
    if not recipients or not pending:
        return
    with translation.override("th"):
        subject = translation.gettext("Comments await moderation: %(title)s") % {"title": hearing.title}
        _mail(hearing, "hearings/email/pending_comments.txt", subject, recipients, pending=pending)


@task()
def notify_staff_of_closing(*, hearing_id: int) -> None:
    """Tell the office's people that a hearing has closed and its report is to be written."""
    hearing = _hearing(hearing_id)
    recipients = _staff_addresses(hearing) if hearing else []
    if not recipients:
        return
    with translation.override("th"):
        subject = translation.gettext("Hearing closed: %(title)s") % {"title": hearing.title}
        counted = hearing.comments.counted().count()
        _mail(hearing, "hearings/email/closed.txt", subject, recipients, counted=counted)


@task()
def notify_commenters_of_report(*, hearing_id: int) -> None:
    """Send the report to every commenter who left an e-mail address, once each, in their language;
    then forget the addresses, which were kept for this alone."""
    from participation.hearings.services import comments_erase_emails

    hearing = _hearing(hearing_id)
    if hearing is None or hearing.status != Hearing.Status.REPORTED:
        return
    languages: dict[str, str] = {}
    for email, language in hearing.comments.exclude(email="").order_by("created_at").values_list("email", "language"):
        languages.setdefault(email.casefold(), language)
    for email, language in sorted(languages.items()):
        with translation.override(language):
            subject = translation.gettext("The office's report on the hearing: %(title)s") % {"title": hearing.title}
            _mail(hearing, "hearings/email/report_published.txt", subject, [email])
    comments_erase_emails(hearing=hearing)
