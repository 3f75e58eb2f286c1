"""Reading what one side may see: its connections, each with its own half and the other's published half."""
from __future__ import annotations

from addon.connections.acting import Actor
from addon.connections.store import visible_connection, visible_connections
from addon.connections.views import ConnectionView, connection_view


def list_connections(runtime, actor: Actor) -> list[ConnectionView]:
    with runtime.db.session() as session:
        return [connection_view(session, connection, connection.side_of(actor.tenant_id, actor.project_id))
                for connection in visible_connections(session, actor)]


def show_connection(runtime, actor: Actor, connection_id: int) -> ConnectionView:
    with runtime.db.session() as session:
        connection, side = visible_connection(session, actor, connection_id)
        return connection_view(session, connection, side)
