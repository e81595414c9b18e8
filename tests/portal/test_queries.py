"""Site-wide pages run the same number of queries whatever the number of rows."""

import pytest

from participation.models import Office
from tests.factories import MembershipFactory, OfficeFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


class TestQueryCounts:
    """Each page runs the same number of queries whatever the number of rows."""

    def test_home(self, client):
        OfficeFactory.create_batch(2)
        small = count_queries(client, "/")
        OfficeFactory.create_batch(20, kind=Office.Kind.SCHOOL)
        assert count_queries(client, "/") == small

    def test_workspace(self, client, staff_singburi):
        client.force_login(staff_singburi)
        small = count_queries(client, "/manage/")
        for _ in range(10):
            MembershipFactory(user=staff_singburi)
        assert count_queries(client, "/manage/") == small
