"""Per-issue leases on the database of the matrix: one holder at a time, expiry, renewal and release."""
from __future__ import annotations

import uuid

import pytest

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
