"""Hearing pages run the same queries at two sizes of records; lists fetch the same rows too.

A hearing's own page and its report show every published comment, so their rows grow with that
hearing's comments (never with the office's other records); their queries stay the same."""

import datetime

import pytest
from django.utils import timezone

from participation.hearings.models import Hearing, HearingComment
from tests.hearings.helpers import make_hearing
from tests.helpers import page_cost

pytestmark = pytest.mark.django_db


def hearings(office, n: int) -> None:
    """n hearings open now and n closed ones, each with a comment."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    rows = []
    for i in range(n):
        rows.append(
            Hearing(
                office=office,
                title=f"เปิด {i}",
                purpose="x",
                status="open",
                opens_at=now - day,
                closes_at=now + (i + 20) * day,
            )
        )
        rows.append(
            Hearing(
                office=office,
                title=f"ปิด {i}",
                purpose="x",
                status="reported",
                opens_at=now - (i + 40) * day,
                closes_at=now - (i + 2) * day,
            )
        )
    for hearing in Hearing.objects.bulk_create(rows):
        HearingComment.objects.create(hearing=hearing, body="ความเห็น", status="published")


def comments(hearing, n: int, *, themed=False) -> None:
    """n comments of every status, spread over the sections, groups and themes."""
    sections = list(hearing.sections.all())
    groups = [
        hearing.office.stakeholder_groups.get_or_create(
            name=f"กลุ่มทดสอบ {i}", defaults={"position": 90 + i, "category": "other_agencies"}
        )[0]
        for i in range(2)
    ]
    themes = (
        [hearing.themes.get_or_create(title=f"ประเด็น {i}", defaults={"response": "ตอบ"})[0] for i in range(2)]
        if themed
        else [None]
    )
    HearingComment.objects.bulk_create(
        HearingComment(
            hearing=hearing,
            body=f"ความเห็น {i}",
            status=["published", "pending", "rejected"][i % 3],
            section=sections[i % len(sections)] if i % 4 else None,
            group=groups[i % 2],
            theme=themes[i % len(themes)],
            name="ชื่อ" if i % 2 else "",
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("url", "small", "large"),
    [("/singburi/hearings/", 22, 44), ("/singburi/hearings/?page=2", 42, 64), ("/en/singburi/hearings/", 22, 44)],
)
def test_public_list(client, singburi, url, small, large):
    hearings(singburi, small)
    before = page_cost(client, url)
    hearings(singburi, large - small)
    assert page_cost(client, url) == before


def test_workspace_list(client, singburi, staff_singburi):
    client.force_login(staff_singburi)
    hearings(singburi, 30)
    before = page_cost(client, "/manage/singburi/hearings/")
    hearings(singburi, 30)
    assert page_cost(client, "/manage/singburi/hearings/") == before


@pytest.mark.parametrize("status", ["open", "reported"])
def test_a_hearing_and_its_report_at_two_sizes_of_comments(client, singburi, staff_singburi, status):
    hearing = make_hearing(singburi, staff_singburi, status=status)
    comments(hearing, 6, themed=status == "reported")
    urls = [hearing.get_absolute_url()] + ([hearing.get_report_url()] if status == "reported" else [])
    before = [page_cost(client, url).queries for url in urls]
    comments(hearing, 60, themed=status == "reported")
    hearings(singburi, 5)  # the office's other hearings are not read
    assert [page_cost(client, url).queries for url in urls] == before


def test_moderation_page_at_two_sizes_of_comments(client, singburi, staff_singburi):
    hearing = make_hearing(singburi, staff_singburi, status="open")
    client.force_login(staff_singburi)
    url = f"/manage/singburi/hearings/{hearing.pk}/comments/"
    comments(hearing, 60)
    before = page_cost(client, url)
    comments(hearing, 60)
    assert page_cost(client, url) == before
