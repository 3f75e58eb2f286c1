"""Processing one inbox event: the loop guard, then every active connection of the event's project."""
from __future__ import annotations

import json

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from addon.db.connection import ACTIVE, Connection, other_side
from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.sync_event import EventSync, Route
from addon.sync.loop_guard import caused_by_app


def process_event(runtime, session: Session, event: InboxEvent) -> str:
    """Carry the event across; returns a note for the history. Raises JiraError or PlanError on failure."""
    payload = json.loads(event.payload)
    tenant = session.get(Tenant, event.tenant_id)
    if not tenant.active:
        return "the site has disabled or uninstalled Tandem"
    _learn_app_account(runtime, tenant)
    if caused_by_app(payload, tenant.app_account_id):
        return "made by Tandem itself: not synced back"
    routes = routes_for(session, tenant, project_of(payload))
    for route in routes:
        EventSync(runtime, session, route, payload, retried=event.attempts > 1).run()
    return f"carried across {len(routes)} connection(s)" if routes else "no active connection for this project"


def project_of(payload: dict) -> str | None:
    project = ((payload.get("issue") or {}).get("fields") or {}).get("project") or {}
    return str(project["id"]) if project.get("id") is not None else None


def _learn_app_account(runtime, tenant: Tenant) -> None:
    if tenant.app_account_id is None:
        tenant.app_account_id = runtime.jira(tenant).myself()["accountId"]


def routes_for(session: Session, tenant: Tenant, project_id: str | None) -> list[Route]:
    if project_id is None:
        return []
    on_a = and_(Connection.a_tenant_id == tenant.id, Connection.a_project_id == project_id)
    on_b = and_(Connection.b_tenant_id == tenant.id, Connection.b_project_id == project_id)
    connections = session.scalars(select(Connection).where(Connection.status == ACTIVE, or_(on_a, on_b))).all()
    return [route for connection in connections if (route := _route(session, connection, tenant, project_id))]


def _route(session: Session, connection: Connection, tenant: Tenant, project_id: str) -> Route | None:
    side = connection.side_of(tenant.id, project_id)
    own, theirs = connection.half(side), connection.half(other_side(side))
    if side is None or not (own and own.published and theirs and theirs.published):
        return None
    target = session.get(Tenant, connection.side(other_side(side))[0])
    if target is None or not target.active:
        return None
    return Route(connection, side, tenant, target, json.loads(own.published)["outgoing"],
                 json.loads(theirs.published)["incoming"])
