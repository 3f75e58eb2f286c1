"""Per-issue leases on the database of the matrix: one holder at a time, expiry, renewal and release."""
from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import select, update

from addon.db.tenant import Tenant
from addon.jobs import leases


@pytest.fixture
def tenant_id(database):
    with database.session() as session:
        tenant = Tenant(client_key=f"leases-{uuid.uuid4().hex}", base_url="https://leases.atlassian.net")
        session.add(tenant)
        session.flush()
        return tenant.id


def test_one_holder_at_a_time_until_it_releases(database, tenant_id):
    assert leases.acquire(database, tenant_id, "10001", "worker-1", 60)
    assert not leases.acquire(database, tenant_id, "10001", "worker-2", 60)
    assert leases.acquire(database, tenant_id, "10002", "worker-2", 60), "another issue is free"
    leases.release(database, tenant_id, "10001", "worker-2")  # not its lease: nothing happens
    assert not leases.acquire(database, tenant_id, "10001", "worker-2", 60)
    leases.release(database, tenant_id, "10001", "worker-1")
    assert leases.acquire(database, tenant_id, "10001", "worker-2", 60)


def test_the_holder_renews_and_an_expired_lease_is_taken_over(database, tenant_id):
    assert leases.acquire(database, tenant_id, "10001", "worker-1", 60)
    assert leases.acquire(database, tenant_id, "10001", "worker-1", -1), "its holder renews it, here into the past"
    assert leases.acquire(database, tenant_id, "10001", "worker-2", 60), "expired: taken over"
    assert not leases.acquire(database, tenant_id, "10001", "worker-1", 60)


def test_the_fencing_check_holds_only_for_the_live_holder(database, tenant_id):
    assert leases.acquire(database, tenant_id, "10001", "worker-1", 60)
    with database.session() as session:
        assert leases.still_held(session, tenant_id, "10001", "worker-1")
        assert not leases.still_held(session, tenant_id, "10001", "worker-2")
    assert leases.acquire(database, tenant_id, "10001", "worker-1", -1)
    with database.session() as session:
        assert not leases.still_held(session, tenant_id, "10001", "worker-1"), "expired: no longer held"


def _renamed(tenant_id: int, name: str):
    return leases.fenced(update(Tenant).where(Tenant.id == tenant_id).values(base_url=name))


def _base_url(database, tenant_id: int) -> str:
    with database.session() as session:
        return session.scalar(select(Tenant.base_url).where(Tenant.id == tenant_id))


def test_a_fenced_statement_writes_only_while_the_lease_is_ours(database, tenant_id):
    lease = leases.Lease(database, tenant_id, "10001", 60)
    assert lease.take()
    with database.session() as session:
        session.info[leases.FENCED_BY] = lease
        lease.execute_fenced(session, _renamed(tenant_id, "https://ours.atlassian.net"), {})
    assert _base_url(database, tenant_id) == "https://ours.atlassian.net"
    assert leases.acquire(database, tenant_id, "10001", lease.owner, -1), "expired"
    assert leases.acquire(database, tenant_id, "10001", "worker-2", 60), "and taken over"
    with pytest.raises(leases.LeaseLost):
        with database.session() as session:
            session.info[leases.FENCED_BY] = lease
            lease.execute_fenced(session, _renamed(tenant_id, "https://stale.atlassian.net"), {})
    assert _base_url(database, tenant_id) == "https://ours.atlassian.net"


def test_a_fenced_statement_keeps_the_lease_from_a_takeover_until_its_commit(database, tenant_id):
    """The statement that spares a commit its fencing check must hold the lease's row as that check would: a
    lease that expires between the statement and the commit is not taken over in between."""
    lease = leases.Lease(database, tenant_id, "10001", 0.5)
    assert lease.take()
    taken = []
    thief = threading.Thread(target=lambda: taken.append(leases.acquire(database, tenant_id, "10001", "worker-2", 60)))
    with database.session() as session:
        session.info[leases.FENCED_BY] = lease
        lease.execute_fenced(session, _renamed(tenant_id, "https://ours.atlassian.net"), {})
        time.sleep(0.7)  # expired now
        thief.start()
        thief.join(1.0)
        assert thief.is_alive(), "the lease was taken over before the fenced transaction committed"
    thief.join(30)
    assert taken == [True], "after the commit the expired lease is taken over"
