"""Reports of misconduct: counted in public (received, in progress, finished, per half-year), never
shown; their own channel on the feedback intake; the office's complaint-handling procedure."""

import csv
import datetime
import io
import re

import pytest

from participation.feedback import stats as feedback_stats
from participation.feedback.models import ComplaintProcedure, Feedback
from participation.feedback.procedure import default_procedure
from tests.feedback.helpers import K, S, bangkok, feedback
from tests.helpers import FY

pytestmark = pytest.mark.django_db

SECRET = {
    "subject": "เงินทอนโครงการอาหารกลางวัน",
    "message": "ผู้อำนวยการกองคลังรับเงินจากผู้รับจ้างรายหนึ่ง",
    "name": "นางสาวผู้แจ้ง ลับเฉพาะ",
    "email": "whistle@example.org",
    "phone": "0811112222",
}


@pytest.fixture
def reports(singburi, director_singburi):
    return [
        feedback(
            singburi, kind=K.MISCONDUCT, received=datetime.date(2024, 11, 5), assigned_to=director_singburi, **SECRET
        ),
        feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2025, 5, 5), answered=bangkok(2025, 5, 20)),
        feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2025, 6, 5), status=S.IN_PROGRESS),
        feedback(singburi, kind=K.MISCONDUCT, received=datetime.date(2025, 6, 6), status=S.SPAM),
    ]


def test_counts_by_half_year_and_where_they_stand(singburi, reports):
    year, first, second = feedback_stats.misconduct_figures(Feedback.objects.for_office(singburi), FY)
    assert (year.received, year.in_progress, year.finished) == (3, 2, 1)
    assert (first.received, first.in_progress, first.finished) == (1, 1, 0)
    assert (second.received, second.in_progress, second.finished) == (2, 1, 1)


def test_the_statistics_never_reveal_content_reporters_or_handlers(client, singburi, reports, director_singburi):
    page = client.get(f"/singburi/feedback/stats/?year={FY}").content.decode()
    sheet = client.get(f"/singburi/feedback/stats.csv?year={FY}").content.decode("utf-8-sig")
    for text in (page, sheet):
        for value in [
            *SECRET.values(),
            director_singburi.get_full_name(),
            director_singburi.username,
            reports[0].tracking_code,
        ]:
            assert value and value not in text
    assert 'id="misconduct-year"' in page
    rows = list(csv.reader(io.StringIO(sheet)))
    assert [row[2] for row in rows[-3:]] == ["3", "1", "2"]


def test_none_received_is_said(client, singburi):
    page = client.get(f"/singburi/feedback/stats/?year={FY}").content.decode()
    assert "data-misconduct-none" in page


def test_the_channel_takes_a_report_with_the_intake_and_its_receipt(client, singburi, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    page = client.get("/singburi/report-misconduct/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-protection" in html and "data-handling" in html
    assert 'name="kind" value="misconduct"' in html
    hidden = {name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ("token", "started")}
    response = client.post(
        "/singburi/report-misconduct/",
        {
            "kind": "opinion",  # a tampered kind is refused, never filed as something else
            "subject": "ทดสอบ",
            "message": "รายละเอียด",
            **hidden,
        },
    )
    assert response.status_code == 200 and not Feedback.objects.exists()
    response = client.post(
        "/singburi/report-misconduct/",
        {
            "kind": "misconduct",
            "subject": "ทดสอบ",
            "message": "รายละเอียด",
            **hidden,
        },
    )
    report = Feedback.objects.get()
    assert report.kind == K.MISCONDUCT
    assert report.formatted_code in response.content.decode()  # the receipt, with its tracking code


def test_the_procedure_is_the_default_until_the_director_writes_one(client_for, singburi, director_singburi):
    client = client_for("director_singburi")
    page = client.get("/singburi/feedback/procedure/").content.decode()
    assert "data-default" in page
    assert default_procedure(singburi)
    response = client.post("/manage/singburi/feedback/procedure/", {"text": "## ขั้นตอน\n\n1. รับเรื่อง\n2. ตอบ"})
    assert response.status_code == 302
    assert ComplaintProcedure.objects.get(office=singburi).updated_by == director_singburi
    page = client.get("/singburi/feedback/procedure/").content.decode()
    assert "data-default" not in page and "<li>รับเรื่อง</li>" in page
    client.post("/manage/singburi/feedback/procedure/", {"text": ""})
    assert not ComplaintProcedure.objects.exists()
