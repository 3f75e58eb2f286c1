"""Where an event's project leads: its site, the connections that carry or will catch up on its events, and the
sites across them. Kept per process while the rows they were built from are unchanged.

Every event reads those rows again, with three plain statements. With each connection come whether its sides'
projects have other connections too: a copy into a project no other connection reaches needs no look for copies
of its root (addon.jobs.roots), and asking here costs the worker less than a statement of its own per event. When they equal the rows read for an earlier
event of the same project, the objects built from them then are used again: building them through the ORM
(the site, its connections, their halves, the sites across) cost the worker more than a quarter of its time
per event. Compared in full, the rows leave no room for a stale route: pausing a connection, publishing a
half, reinstalling a site all change them. The objects are built from exactly the rows compared, never
attached to a session, and never changed: threads share them.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from addon.db.base import one_of
from addon.db.connection import ACTIVE, HALTED, Connection, Half
from addon.db.tenant import Tenant

PROJECTS_KEPT = 1024

TENANTS, CONNECTIONS, HALVES = Tenant.__table__, Connection.__table__, Half.__table__
_TENANT, _PROJECT = bindparam("tenant_id"), bindparam("project_id")
_OF_PROJECT = and_(one_of(CONNECTIONS.c.status, (ACTIVE, *HALTED)), Connection.of_project(_TENANT, _PROJECT))


def _shared(side: str):
    """SQL: another connection (active, paused or in error) has the project of the connection's ``side``."""
    other = CONNECTIONS.alias(f"other_of_{side}")
    tenant, project = CONNECTIONS.c[f"{side}_tenant_id"], CONNECTIONS.c[f"{side}_project_id"]
    return exists().where(other.c.id != CONNECTIONS.c.id, one_of(other.c.status, (ACTIVE, *HALTED)),
                          or_(and_(other.c.a_tenant_id == tenant, other.c.a_project_id == project),
                              and_(other.c.b_tenant_id == tenant, other.c.b_project_id == project)))


CONNECTIONS_OF_PROJECT = (select(CONNECTIONS, _shared("a").label("a_shared"), _shared("b").label("b_shared"))
                          .where(_OF_PROJECT).order_by(CONNECTIONS.c.id))
# A half's draft is left out: an event goes by what is published, and the draft is as long.
HALVES_OF_THEM = (select(*(column for column in HALVES.c if column.key != "draft"))
                  .where(HALVES.c.connection_id.in_(select(CONNECTIONS.c.id).where(_OF_PROJECT)))
                  .order_by(HALVES.c.id))
SITES_OF_THEM = select(TENANTS).where(or_(
    TENANTS.c.id == _TENANT,
    TENANTS.c.id.in_(select(CONNECTIONS.c.a_tenant_id).where(_OF_PROJECT)),
    TENANTS.c.id.in_(select(CONNECTIONS.c.b_tenant_id).where(_OF_PROJECT)),
)).order_by(TENANTS.c.id)


@dataclass(frozen=True)
class Reach:
    tenant: Tenant | None  # the event's site; None if it is gone
    connections: tuple[Connection, ...]  # active, paused or in error, with their halves
    sites: dict[int, Tenant]  # every site of those connections, the event's own included
    shared: frozenset[tuple[int, str]]  # (connection id, side) whose project another connection has too

    def shares(self, connection_id: int, side: str) -> bool:
        """Whether the project on ``side`` of the connection has another connection (active, paused or in error)."""
        return (connection_id, side) in self.shared


class ProjectReach:
    """One per process."""

    def __init__(self, kept: int = PROJECTS_KEPT):
        self._kept = kept
        self._lock = threading.Lock()
        self._built: OrderedDict[tuple[int, str], tuple[tuple, Reach]] = OrderedDict()

    def of(self, session: Session, tenant_id: int, project_id: str | None) -> Reach:
        """``project_id`` None: an event of no project (none has connections)."""
        values = {"tenant_id": tenant_id, "project_id": project_id}
        rows = tuple(tuple(session.execute(statement, values).all())
                     for statement in (SITES_OF_THEM, CONNECTIONS_OF_PROJECT, HALVES_OF_THEM))
        key = (tenant_id, project_id)
        with self._lock:
            built = self._built.get(key)
            if built is not None and built[0] == rows:
                self._built.move_to_end(key)
                return built[1]
        reach = _build(tenant_id, *rows)
        with self._lock:
            self._built[key] = (rows, reach)
            while len(self._built) > self._kept:
                self._built.popitem(last=False)
        return reach


def _build(tenant_id: int, site_rows, connection_rows, half_rows) -> Reach:
    sites = {row.id: Tenant(**row._mapping) for row in site_rows}
    columns = CONNECTIONS.c.keys()
    connections = tuple(Connection(**{column: row._mapping[column] for column in columns}) for row in connection_rows)
    for connection in connections:
        connection.halves = [Half(**row._mapping) for row in half_rows if row.connection_id == connection.id]
    shared = frozenset((row.id, side) for row in connection_rows for side in ("a", "b") if row._mapping[f"{side}_shared"])
    return Reach(sites.get(tenant_id), connections, sites, shared)
