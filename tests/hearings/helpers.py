"""Hearing records and the public comment form, shared by the hearings test files."""

import datetime
import re

from django.utils import timezone

from participation.hearings import services
from participation.hearings.models import Hearing

DRAFT = "คำนำของร่าง\n\n## หมวด 1 วิสัยทัศน์\nผู้เรียนมีคุณภาพ\n\n## หมวด 2 โรงเรียนขนาดเล็ก\nควบรวมโรงเรียนขนาดเล็ก\n"


def make_hearing(office, actor, *, status="draft", days=20, opened_days_ago=1, moderation="pre", **data) -> Hearing:
    """A hearing of `office`, through the services, in the state asked for (open: since yesterday)."""
    now = timezone.now()
    opens = now - datetime.timedelta(days=opened_days_ago) if status != "draft" else now + datetime.timedelta(hours=1)
    values = {
        "title": "ร่างแผนพัฒนาการศึกษา",
        "purpose": "รับฟังความคิดเห็นก่อนเสนอคณะกรรมการ",
        "draft": DRAFT,
        "questions": ["เห็นด้วยหรือไม่"],
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=days),
        "moderation": moderation,
        "channels": ["website"],
        "principles": ["participation"],
        **data,
    }
    if days < 15:
        values.setdefault("short_window_reason", "ต้องเสนอคณะกรรมการภายในเดือนนี้")
    hearing = services.hearing_create(office=office, actor=actor, data=values)
    if status == "draft":
        return hearing
    Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.OPEN, opened_at=opens)
    if status in {"closed", "reported"}:
        Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.CLOSED, closed_at=now)
    if status == "reported":
        Hearing.objects.filter(pk=hearing.pk).update(
            status=Hearing.Status.REPORTED, reported_at=now, report_summary="สรุป", revised_draft=DRAFT
        )
    hearing.refresh_from_db()
    return hearing


def comment_form_values(client, hearing, query="", language=""):
    """The hidden values of a freshly shown comment form (token, start time, CSRF)."""
    html = client.get(f"{language}{hearing.get_comment_url()}{query}").content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("token", "started", "csrfmiddlewaretoken")
    }


def send_comment(client, hearing, *, body="ควรคงโรงเรียนขนาดเล็กไว้", language="", **fields):
    data = {"body": body, **comment_form_values(client, hearing, language=language)}
    headers = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_") or key == "REMOTE_ADDR"}
    data.update(fields)
    return client.post(f"{language}{hearing.get_comment_url()}", data, **headers)


def comment(hearing, body="ความเห็น", *, status="published", **fields):
    """A comment stored directly (the services are tested on their own)."""
    return hearing.comments.create(body=body, status=status, **fields)
