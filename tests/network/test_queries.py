"""The network page runs the same number of queries whatever the size of the network."""

import pytest

from participation.network.models import NetworkMember
from tests.factories import StakeholderGroupFactory
from tests.helpers import count_queries
from tests.network.helpers import page

pytestmark = pytest.mark.django_db


def fill(office, *, groups: int, per_group: int) -> None:
    for _ in range(groups):
        group = StakeholderGroupFactory(office=office)
        NetworkMember.objects.bulk_create(
            NetworkMember(office=office, group=group, name=f"คน {group.pk}-{m}", email=f"p{m}@example.org")
            for m in range(per_group)
        )


@pytest.mark.parametrize("query", ["", "?state=active&q=คน", "?group={group}"])
def test_network_page_runs_a_fixed_number_of_queries(client_for, singburi, chainat, media, query):
    client = client_for("staff_singburi")
    url = page("network:manage") + query.format(group=media.pk)
    fill(singburi, groups=1, per_group=2)
    NetworkMember.objects.create(office=singburi, group=media, name="คนสื่อ")
    small = count_queries(client, url)
    fill(singburi, groups=8, per_group=20)
    NetworkMember.objects.bulk_create(NetworkMember(office=singburi, group=media, name=f"คน {m}") for m in range(40))
    fill(chainat, groups=2, per_group=5)
    assert count_queries(client, url) == small
