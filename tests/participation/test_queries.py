"""The office home runs the same number of queries whatever the number of rows."""

import pytest

from tests.factories import StakeholderGroupFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


class TestQueryCounts:
    """Each page runs the same number of queries whatever the number of rows."""

    def test_office_home(self, client, singburi):
        small = count_queries(client, "/singburi/")
        StakeholderGroupFactory.create_batch(25, office=singburi)
        assert count_queries(client, "/singburi/") == small
