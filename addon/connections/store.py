"""Finding the connections one side may see: a (site, project) only ever sees those it is a side of."""
from __future__ import annotations

import json

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from addon.connections.acting import Actor
from addon.connections.errors import Conflict, NotFound
from addon.db.connection import Connection, Half
from addon.db.tenant import Tenant


def sides_of(actor: Actor):
    on_a = and_(Connection.a_tenant_id == actor.tenant_id, Connection.a_project_id == actor.project_id)
    on_b = and_(Connection.b_tenant_id == actor.tenant_id, Connection.b_project_id == actor.project_id)
    return or_(on_a, on_b)


def visible_connection(session: Session, actor: Actor, connection_id: int) -> tuple[Connection, str]:
    """The connection and the actor's side of it; 404 alike for one that does not exist and one of others."""
    connection = session.scalar(select(Connection).where(Connection.id == connection_id, sides_of(actor)))
    if connection is None:
        raise NotFound(f"no connection {connection_id} in this project")
    return connection, connection.side_of(actor.tenant_id, actor.project_id)


def visible_connections(session: Session, actor: Actor) -> list[Connection]:
    return list(session.scalars(select(Connection).where(sides_of(actor)).order_by(Connection.id)))


def tenants_of(session: Session, connection: Connection) -> dict[str, Tenant | None]:
    return {side: session.get(Tenant, connection.side(side)[0]) if connection.side(side)[0] else None
            for side in ("a", "b")}


def new_half(side: str, draft: dict) -> Half:
    return Half(side=side, draft=json.dumps(draft), published=None, version=0)


def require_not_connected(session: Session, one: tuple[int, str], other: tuple[int, str]) -> None:
    """Two connections between the same (site, project) pair would sync every issue twice."""
    def between(a, b):
        return and_(Connection.a_tenant_id == a[0], Connection.a_project_id == a[1],
                    Connection.b_tenant_id == b[0], Connection.b_project_id == b[1])

    existing = session.scalar(select(Connection).where(or_(between(one, other), between(other, one))))
    if existing is not None:
        raise Conflict(f"these projects are already connected by connection {existing.id} ({existing.name!r})")
