"""Working-group pages run the same queries and fetch the same rows whatever the number of groups,
members, activities and awards."""

import datetime

import pytest

from participation.groups import services
from participation.groups.models import GroupMember
from tests.factories import MeetingFactory, OfficeFactory
from tests.groups.helpers import FOUNDED, make_group, member_data
from tests.helpers import count_queries, page_cost

pytestmark = pytest.mark.django_db


def grow(group, actor, n: int, meeting) -> None:
    """n members of each consent, n activities (one linked to a meeting), n awards and pending requests."""
    for i in range(n):
        named = services.member_save(
            group=group, actor=actor, member=None, data=member_data(name=f"ก{i}", role=GroupMember.Role.MEMBER)
        )
        services.member_save(group=group, actor=actor, member=None, data=member_data(name=f"ข{i}", name_public=False))
        services.activity_save(
            group=group,
            actor=actor,
            activity=None,
            data={
                "title": f"กิจกรรม {i}",
                # The linked one is the latest, so the group page always shows one linked meeting.
                "held_on": FOUNDED + datetime.timedelta(days=300 if i == 0 else i),
                "meeting_id": meeting.pk if i == 0 else None,
            },
        )
        services.award_create(
            group=group,
            actor=actor,
            member=named,
            data={
                "title": "ดีเด่น",
                "citation": "ก",
                "fiscal_year": 2568,
                "awarded_on": FOUNDED,
                "signer_name": "ก",
                "signer_position": "ข",
            },
        )
        services.join_request_submit(
            group=group, data={"name": f"ค{i}", "email": "a@example.org", "motivation": "ก"}, token=f"{i:032d}"
        )


@pytest.fixture
def meeting(singburi):
    return MeetingFactory(office=singburi, is_public=True)


def test_public_pages(client, singburi, group, staff_singburi, meeting):
    OfficeFactory()
    urls = [
        "/singburi/groups/",
        group.get_absolute_url(),
        f"{group.get_absolute_url()}report/2568/",
        "/singburi/",
        "/singburi/plans/",
    ]
    # Past every list the group page caps: 50 names, 20 activities, 20 awards.
    grow(group, staff_singburi, 52, meeting)
    make_group(singburi, staff_singburi, name="คณะที่สอง")
    before = [count_queries(client, url) for url in urls]
    detail = page_cost(client, group.get_absolute_url())
    grow(group, staff_singburi, 10, meeting)
    for i in range(8):
        make_group(singburi, staff_singburi, name=f"คณะ {i}")
    assert [count_queries(client, url) for url in urls] == before
    # The group page shows at most the latest activities and awards: the rows it reads stay the same.
    assert page_cost(client, group.get_absolute_url()) == detail


def test_workspace_pages(client, singburi, group, staff_singburi, meeting):
    client.force_login(staff_singburi)
    services.criterion_add(group=group, actor=staff_singburi, name="ก", max_score=10)
    urls = ["/manage/singburi/groups/", group.get_manage_url(), f"{group.get_manage_url()}scores/"]
    grow(group, staff_singburi, 2, meeting)
    before = [count_queries(client, url) for url in urls]
    grow(group, staff_singburi, 12, meeting)
    for i in range(5):
        make_group(singburi, staff_singburi, name=f"คณะ {i}")
    assert [count_queries(client, url) for url in urls] == before
