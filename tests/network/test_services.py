"""Network services."""

import pytest
from django.core.exceptions import ValidationError

from participation.models import StakeholderGroup
from participation.network import services

pytestmark = pytest.mark.django_db


def test_member_services_refuse_another_office_s_group(singburi, chainat, staff_singburi):
    parents = StakeholderGroup.objects.get(office=chainat)
    with pytest.raises(ValidationError):
        services.member_create(office=singburi, actor=staff_singburi, group=parents, name="ข้ามเขต")
