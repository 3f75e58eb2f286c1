"""Processing one inbox event: the loop guard, then every active connection of the event's project.

A paused or failed connection of the project misses the event; it remembers when, so that its catch-up
(``addon.jobs.catch_up``) looks for what it missed once it runs again.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from addon.connectors.jira import JiraError
from addon.db.connection import ACTIVE, HALTED, SIDES, STOPPED, Connection, other_side
from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.failures import SyncFailed
from addon.jobs.history import Journal
from addon.jobs.sync_event import EventSync, Route
from addon.sync.loop_guard import caused_by_app


def process_event(runtime, session: Session, event: InboxEvent, payload: dict, retried: bool) -> str:
    """Carry the event across; returns a note for the inbox. Raises SyncFailed naming the connection that failed.

    ``event``: an InboxEvent or a row of its columns, ``payload`` its payload parsed. ``retried``: an earlier
    attempt may have written something.
    """
    tenant = session.get(Tenant, event.tenant_id)
    if not tenant.active:
        return "the site has disabled or uninstalled Tandem"
    project_id = project_of(payload)
    connections = connections_of(session, tenant, project_id)
    remember_missed(session, [c for c in connections if c.status in HALTED], happened_at(event, payload))
    routes = [route for connection in connections
              if connection.status == ACTIVE and (route := route_for(session, connection, tenant, project_id))]
    if not routes:
        return "no active connection for this project"
    _learn_app_account(runtime, tenant, Journal(session, routes[0].connection.id, routes[0].side, payload, event.id))
    if caused_by_app(payload, tenant.app_account_id):
        return "made by Tandem itself: not synced back"
    for route in routes:
        EventSync(runtime, session, route, payload, retried=retried, event_id=event.id).run()
    return f"carried across {len(routes)} connection(s)"


def project_of(payload: dict) -> str | None:
    project = ((payload.get("issue") or {}).get("fields") or {}).get("project") or {}
    return str(project["id"]) if project.get("id") is not None else None


def _learn_app_account(runtime, tenant: Tenant, journal: Journal) -> None:
    """Asked once per site; a refusal is shown on the first connection the event was for, which cannot run
    without it."""
    if tenant.app_account_id is not None:
        return
    journal.attempt(f"read Tandem's own user on {tenant.base_url}", tenant)
    try:
        tenant.app_account_id = runtime.jira(tenant).myself()["accountId"]
    except JiraError as error:
        raise SyncFailed(journal.step, error) from error


def connections_of(session: Session, tenant: Tenant, project_id: str | None) -> list[Connection]:
    """The connections of (tenant, project) that carry events now or will catch up on them: active, paused or
    in error."""
    if project_id is None:
        return []
    on_a = and_(Connection.a_tenant_id == tenant.id, Connection.a_project_id == project_id)
    on_b = and_(Connection.b_tenant_id == tenant.id, Connection.b_project_id == project_id)
    return session.scalars(select(Connection).where(Connection.status.in_((ACTIVE, *HALTED)), or_(on_a, on_b))
                           .options(selectinload(Connection.halves))).all()


def happened_at(event: InboxEvent, payload: dict) -> datetime:
    """Jira's timestamp of the webhook, or when it reached us if that is earlier (or the event has none)."""
    stamp = payload.get("timestamp")
    if not isinstance(stamp, int):
        return event.received_at
    return min(event.received_at, datetime.fromtimestamp(stamp / 1000, timezone.utc))


def remember_missed(session: Session, halted: list[Connection], at: datetime) -> None:
    """Keeps the earliest moment each halted connection missed an event: its catch-up starts there."""
    later = [connection.id for connection in halted if connection.halted_at is None or connection.halted_at > at]
    if not later:
        return  # the usual case while halted: an earlier miss is remembered already, nothing to write
    # Still written if the connection was resumed since it was read: it did miss this event. Not if it was
    # stopped: started again, a stopped connection begins afresh.
    session.execute(update(Connection).where(Connection.id.in_(later), Connection.status != STOPPED,
                                             or_(Connection.halted_at.is_(None), Connection.halted_at > at))
                    .values(halted_at=at))
    session.commit()  # now, before any call to Jira: SQLite must not stay locked meanwhile


def routes_of(session: Session, connection: Connection) -> list[Route]:
    """Both directions of ``connection`` that can carry events, each seen from its source side."""
    routes = []
    for side in SIDES:
        tenant_id, project_id, _ = connection.side(side)
        route = route_for(session, connection, session.get(Tenant, tenant_id), project_id)
        if route is not None:
            routes.append(route)
    return routes


def route_for(session: Session, connection: Connection, tenant: Tenant, project_id: str) -> Route | None:
    """The direction of ``connection`` that leaves (tenant, project), if both halves are published."""
    side = connection.side_of(tenant.id, project_id)
    own, theirs = connection.half(side), connection.half(other_side(side))
    if side is None or not (own and own.published and theirs and theirs.published):
        return None
    target = session.get(Tenant, connection.side(other_side(side))[0])
    if target is None or not target.active:
        return None
    own_half, their_half = json.loads(own.published), json.loads(theirs.published)
    return Route(connection, side, tenant, target, own_half["outgoing"], their_half["incoming"],
                 their_half["outgoing"], own_half["incoming"])
