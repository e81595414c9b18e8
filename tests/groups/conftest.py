"""Fixtures of the working-group tests."""

import pytest

from participation.groups import services
from tests.groups.helpers import make_group, member_data


@pytest.fixture
def group(singburi, staff_singburi):
    """Sing Buri's public citizen working group, taking requests, with no members yet."""
    return make_group(singburi, staff_singburi, stakeholder_groups=singburi.stakeholder_groups.all())


@pytest.fixture
def named(group, staff_singburi):
    """The chair, who agreed to have the name shown."""
    return services.member_save(group=group, actor=staff_singburi, member=None, data=member_data())


@pytest.fixture
def unnamed(group, staff_singburi):
    """A member who did not agree to have the name shown."""
    data = member_data(name="นางสาวลับ ไม่เปิดเผย", role="member", name_public=False, email="secret@example.org")
    return services.member_save(group=group, actor=staff_singburi, member=None, data=data)
