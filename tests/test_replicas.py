"""Read replicas (portal.replicas): reads of GET pages from the replica, writes, transactions and the pages
after a write from the primary. The replica alias shares the primary's connection here (the test's
transaction), standing in for a replica of the same data; tests/test_stack.py runs a second connection."""

import pytest
from django.db import connections, transaction

from participation.models import Office
from portal import replicas

# Not inside a test transaction: the router reads the primary inside any transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_configured", lambda: True)
    connections["replica"] = connections["default"]
    chosen = []
    original = replicas.ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        chosen.append(original(self, model, **hints))
        return chosen[-1]

    replicas.ReplicaRouter.db_for_read = spy
    yield chosen
    replicas.ReplicaRouter.db_for_read = original
    del connections["replica"]


def test_a_public_page_reads_the_replica(client, singburi, replica):
    assert client.get("/singburi/announcements/").status_code == 200
    assert replica and set(replica) == {"replica"}


def test_after_a_post_the_browser_reads_the_primary(client, staff_singburi, replica, settings):
    client.post("/accounts/login/", {"username": "staff-singburi", "password": "wrong"})
    assert client.cookies[replicas.PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    replica.clear()
    client.get("/singburi/announcements/")
    assert replica and set(replica) == {"default"}


def test_writes_transactions_and_work_outside_requests_use_the_primary(singburi, replica):
    router = replicas.ReplicaRouter()
    token = replicas.may_read_replica.set(True)
    try:
        assert router.db_for_read(Office) == "replica"
        assert router.db_for_write(Office) == "default"
        with transaction.atomic():
            assert router.db_for_read(Office) == "default"
    finally:
        replicas.may_read_replica.reset(token)
    assert router.db_for_read(Office) == "default"  # the worker, commands
    assert router.allow_migrate("replica", "participation") is False


def test_without_a_replica_nothing_changes(client, singburi):
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert replicas.PIN_COOKIE not in response.cookies
