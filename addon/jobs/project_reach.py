"""Where an event's project leads: its site, the connections that carry or will catch up on its events, and the
sites across them. Kept per process while the rows they were built from are unchanged.

Every event reads those rows again, with three plain statements. When they equal the rows read for an earlier
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

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from addon.db.connection import ACTIVE, HALTED, Connection, Half
from addon.db.tenant import Tenant

PROJECTS_KEPT = 1024

TENANTS, CONNECTIONS, HALVES = Tenant.__table__, Connection.__table__, Half.__table__
_TENANT, _PROJECT = bindparam("tenant_id"), bindparam("project_id")
_OF_PROJECT = and_(CONNECTIONS.c.status.in_((ACTIVE, *HALTED)), Connection.of_project(_TENANT, _PROJECT))
CONNECTIONS_OF_PROJECT = select(CONNECTIONS).where(_OF_PROJECT).order_by(CONNECTIONS.c.id)
HALVES_OF_THEM = (select(HALVES).where(HALVES.c.connection_id.in_(select(CONNECTIONS.c.id).where(_OF_PROJECT)))
                  .order_by(HALVES.c.id))
SITES_OF_THEM = select(TENANTS).where(or_(
    TENANTS.c.id == _TENANT,
    TENANTS.c.id.in_(select(CONNECTIONS.c.a_tenant_id).where(_OF_PROJECT)),
    TENANTS.c.id.in_(select(CONNECTIONS.c.b_tenant_id).where(_OF_PROJECT)),
)).order_by(TENANTS.c.id)


OTHER_CONNECTION = (select(CONNECTIONS.c.id).where(_OF_PROJECT, CONNECTIONS.c.id != bindparam("connection_id"))
                    .limit(1))


def others_connect(session: Session, connection_id: int, tenant_id: int, project_id: str) -> bool:
    """Whether the project has a connection (active, paused or in error) besides ``connection_id``."""
    values = {"tenant_id": tenant_id, "project_id": str(project_id), "connection_id": connection_id}
    return session.execute(OTHER_CONNECTION, values).first() is not None


@dataclass(frozen=True)
class Reach:
    tenant: Tenant | None  # the event's site; None if it is gone
    connections: tuple[Connection, ...]  # active, paused or in error, with their halves
    sites: dict[int, Tenant]  # every site of those connections, the event's own included


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
    connections = tuple(Connection(**row._mapping) for row in connection_rows)
    for connection in connections:
        connection.halves = [Half(**row._mapping) for row in half_rows if row.connection_id == connection.id]
    return Reach(sites.get(tenant_id), connections, sites)
