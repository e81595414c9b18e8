"""Feedback records, the public form and the report addresses, shared by the feedback test files."""

import base64
import datetime
import re
from zoneinfo import ZoneInfo

from participation.feedback import stats as feedback_stats
from participation.feedback.models import Feedback
from tests.factories import FeedbackFactory
from tests.helpers import FY

K, S, C = Feedback.Kind, Feedback.Status, Feedback.Channel

PUBLIC_PAGES = {
    "feedback:answers": "/{office}/feedback/",
    "feedback:stats": "/{office}/feedback/stats/",
    "feedback:stats_csv": "/{office}/feedback/stats.csv",
    "feedback:procedure": "/{office}/feedback/procedure/",
    "feedback:misconduct": "/{office}/report-misconduct/",
}
WORKSPACE_PAGES = {
    "feedback:manage_personal_data": "/manage/{office}/feedback/personal-data/",
    "feedback:manage_personal_data_export": "/manage/{office}/feedback/personal-data/export/",
    "feedback:manage_personal_data_erase": "/manage/{office}/feedback/personal-data/erase/",
}
PERSONAL = "/manage/singburi/feedback/personal-data/"


def bangkok(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Bangkok"))


def feedback(office, *, received: datetime.date, answered: datetime.datetime | None = None, **fields) -> Feedback:
    """Feedback received on a day and perhaps answered at a time (answered ones are marked answered)."""
    if answered is not None:
        fields.setdefault("status", S.ANSWERED)
        fields.setdefault("answer", "คำตอบของสำนักงาน")
    return FeedbackFactory(office=office, received_on=received, answered_at=answered, **fields)


def stats_of(office, year=FY):
    return feedback_stats.year_statistics(Feedback.objects.for_office(office), year)


def fill(office, count: int):
    """`count` answered and open items of every countable kind, spread over FY 2568."""
    kinds = [kind for kind in K.values if kind != K.MISCONDUCT]
    for n in range(count):
        received = datetime.date(2024, 10, 1) + datetime.timedelta(days=(n * 37) % 360)
        answered = bangkok(received.year, received.month, received.day) + datetime.timedelta(days=n % 20)
        feedback(
            office,
            kind=kinds[n % len(kinds)],
            channel=C.values[n % len(C.values)],
            received=received,
            answered=answered if n % 3 else None,
            rating=(n % 5) + 1 if n % 3 else None,
            answer_public=True,
            name=f"ผู้ส่ง {n}",
            email=f"sender{n}@example.org",
            phone=f"08{n:08d}",
        )


def fill_misconduct(office, count: int):
    """`count` reports of misconduct spread over FY 2568, received, in progress and finished in turn."""
    statuses = [S.RECEIVED, S.IN_PROGRESS, S.CLOSED]
    for n in range(count):
        received = datetime.date(2024, 10, 3) + datetime.timedelta(days=(n * 29) % 360)
        status = statuses[n % len(statuses)]
        closed = bangkok(received.year, received.month, received.day) + datetime.timedelta(days=9)
        feedback(
            office,
            kind=K.MISCONDUCT,
            received=received,
            status=status,
            closed_at=closed if status == S.CLOSED else None,
            subject=f"เรื่องลับ {n}",
        )


def form_values(client, office="singburi", language=""):
    html = client.get(f"{language}/{office}/feedback/new/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return {"token": token, "started": started, "csrfmiddlewaretoken": csrf}


def send(client, *, office="singburi", language="", **fields):
    data = {"kind": "complaint", "subject": "ถนนหน้าโรงเรียนชำรุด", "message": "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก"}
    data.update(form_values(client, office, language))
    headers = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_") or key == "REMOTE_ADDR"}
    data.update(fields)
    return client.post(f"{language}/{office}/feedback/new/", data, **headers)


CODE_ON_RECEIPT = re.compile(r'id="tracking-code"><strong>([^<]+)</strong>')


def receipt_code(response) -> str | None:
    """The tracking code the receipt in this response shows, as stored (None: no receipt, e.g. the form
    shown again)."""
    if response.status_code != 200:
        return None
    found = CODE_ON_RECEIPT.search(response.content.decode())
    return found.group(1).replace("-", "") if found else None


def keeps_no_receipt(response) -> bool:
    """The response sets no cookie but the opaque mark of what this browser sent (a keyed hash of the row's
    key, for duplicates): never the tracking code, the message or a session."""
    if set(response.cookies) - {"feedback_sent"}:
        return False
    code = receipt_code(response) or ""
    value = response.cookies["feedback_sent"].value if "feedback_sent" in response.cookies else ""
    return not code or (code not in value and code not in base64_text(value))


def base64_text(value: str) -> str:
    head = value.split(":", 1)[0]
    try:
        return base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode("utf-8", "replace")
    except ValueError:
        return ""
