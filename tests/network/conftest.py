"""The network's groups and members, shared by its test files."""

import pytest

from participation.models import StakeholderGroup
from participation.network.models import NetworkMember
from tests.factories import StakeholderGroupFactory
from tests.network.helpers import MEDIA


@pytest.fixture
def media(singburi):
    return StakeholderGroup.objects.get(office=singburi, name=MEDIA)


@pytest.fixture
def teachers(singburi):
    return StakeholderGroupFactory(
        office=singburi, name="ครูและบุคลากรทางการศึกษา", name_en="Teachers", category="teachers", position=1
    )


@pytest.fixture
def network(singburi, chainat, media):
    """One member in each office, and the ids the URLs need."""
    parents = StakeholderGroup.objects.get(office=chainat)
    member = NetworkMember.objects.create(
        office=singburi, group=media, name="นางสาวสมใจ ใจดี", organisation="หนังสือพิมพ์สิงห์บุรี", email="s@example.org"
    )
    other = NetworkMember.objects.create(office=chainat, group=parents, name="นายชัยนาท ผู้ปกครอง")
    return {"group": media.pk, "member": member.pk, "other_group": parents.pk, "other_member": other.pk}
