"""A project's reach (its site, connections and the sites across) is built again exactly when one of the rows it
was built from changed, and the objects shared between threads belong to no session."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, update

from addon.db.connection import ACTIVE, PAUSED, STOPPED, Connection, Half
from addon.db.tenant import Tenant
from addon.jobs.project_reach import ProjectReach
from tests.support.rows import add_connected_pair, remove_sites

CUSTOMER, SUPPORT = "https://customer.reach.test", "https://support.reach.test"
HALF = json.dumps({"outgoing": {"fields": ["summary"]}, "incoming": {}})


@pytest.fixture
def ids(database):
    """A running connection from CUS (project 1) to SUP (project 2)."""
    pair = add_connected_pair(database, CUSTOMER, SUPPORT, HALF)
    yield pair.customer_id, pair.support_id, pair.connection_id
    remove_sites(database, CUSTOMER, SUPPORT)


def reach_of(database, reaches: ProjectReach, tenant_id: int, project_id: str = "1"):
    with database.session() as session:
        return reaches.of(session, tenant_id, project_id)


def change(database, *statements) -> None:
    with database.session() as session:
        for statement in statements:
            session.execute(statement)


def test_the_same_rows_give_the_same_objects(database, ids):
    customer_id, support_id, connection_id = ids
    reaches = ProjectReach()
    first = reach_of(database, reaches, customer_id)
    assert first.tenant.base_url == CUSTOMER
    [connection] = first.connections
    assert (connection.id, connection.status, sorted(h.side for h in connection.halves)) == (connection_id, ACTIVE,
                                                                                            ["a", "b"])
    assert first.sites[support_id].base_url == SUPPORT
    assert reach_of(database, reaches, customer_id) is first
    for shared in (first.tenant, connection, *connection.halves, first.sites[support_id]):
        assert inspect(shared).transient, "shared objects must belong to no session"


@pytest.mark.parametrize("changed", ["connection paused", "half republished", "site across uninstalled",
                                     "own site disabled"])
def test_a_changed_row_builds_the_reach_again(database, ids, changed):
    customer_id, support_id, connection_id = ids
    reaches = ProjectReach()
    before = reach_of(database, reaches, customer_id)
    change(database, {
        "connection paused": update(Connection).where(Connection.id == connection_id).values(status=PAUSED),
        "half republished": update(Half).where(Half.connection_id == connection_id, Half.side == "b")
        .values(published=json.dumps({"outgoing": {}, "incoming": {}})),
        "site across uninstalled": update(Tenant).where(Tenant.id == support_id)
        .values(shared_secret_encrypted=None),
        "own site disabled": update(Tenant).where(Tenant.id == customer_id).values(enabled=False),
    }[changed])
    after = reach_of(database, reaches, customer_id)
    assert after is not before
    [connection] = after.connections
    assert {
        "connection paused": connection.status == PAUSED,
        "half republished": json.loads(connection.half("b").published)["outgoing"] == {},
        "site across uninstalled": not after.sites[support_id].active,
        "own site disabled": not after.tenant.active,
    }[changed]


def test_a_stopped_connection_leaves_the_reach(database, ids):
    customer_id, _, connection_id = ids
    reaches = ProjectReach()
    assert len(reach_of(database, reaches, customer_id).connections) == 1
    change(database, update(Connection).where(Connection.id == connection_id).values(status=STOPPED))
    assert reach_of(database, reaches, customer_id).connections == ()


def test_each_project_has_its_own_reach(database, ids):
    customer_id, support_id, _ = ids
    reaches = ProjectReach()
    assert reach_of(database, reaches, customer_id, "3").connections == ()
    [seen_from_support] = reach_of(database, reaches, support_id, "2").connections
    assert seen_from_support.side_of(support_id, "2") == "b"


def test_a_second_connection_into_the_project_across_is_seen_with_the_first(database, ids):
    """A copy into a project that another connection reaches too first looks for a copy of its root there: the
    reach tells which sides are shared, and is built again when a connection joins or leaves."""
    customer_id, support_id, connection_id = ids
    reaches = ProjectReach()
    alone = reach_of(database, reaches, customer_id)
    assert not alone.shares(connection_id, "a") and not alone.shares(connection_id, "b")
    with database.session() as session:
        third = Connection(name="Into SUP as well", status=ACTIVE, a_tenant_id=customer_id, a_project_id="3",
                           a_project_key="OPS", b_tenant_id=support_id, b_project_id="2", b_project_key="SUP")
        session.add(third)
        session.flush()
        third_id = third.id
    shared = reach_of(database, reaches, customer_id)
    assert shared is not alone
    assert shared.shares(connection_id, "b") and not shared.shares(connection_id, "a")
    change(database, update(Connection).where(Connection.id == third_id).values(status=STOPPED))
    assert not reach_of(database, reaches, customer_id).shares(connection_id, "b")
