"""Processing one inbox event: the loop guard, then every active connection of the event's project, each route
on its own: one route's failure leaves the others carried (addon.jobs.routes).

A paused or failed connection of the project misses the event; it remembers when, so that its catch-up
(``addon.jobs.catch_up``) looks for what it missed once it runs again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import Callable

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError
from addon.db.connection import ACTIVE, HALTED, SIDES, STOPPED, Connection, other_side
from addon.db.inbox import InboxEvent, route_key
from addon.db.tenant import Tenant
from addon.jobs.failures import SyncFailed
from addon.jobs.history import Journal
from addon.jobs.leases import LeaseLost
from addon.jobs.sync_event import EventSync, Route
from addon.sync.loop_guard import echo_for_every_connection, trace_of
from addon.sync.needless import MADE_BY_TANDEM


@dataclass
class Carried:
    """What became of an event: a note for the inbox, and the routes it was not carried on (``route_key``), each
    with its failure, or None when it was held behind an earlier failure of that route; those that failed first."""

    note: str
    left: list[tuple[str, SyncFailed | None]] = field(default_factory=list)


def process_event(runtime, session: Session, event: InboxEvent, payload: dict, retried: bool,
                  bound: set[str]) -> Carried:
    """Carry the event across each of its routes. A route's failure does not stop the others; what failed
    before any route was reached raises SyncFailed.

    ``event``: an InboxEvent or a row of its columns, ``payload`` its payload parsed. ``retried``: an earlier
    attempt may have written something. ``bound``: routes that have events of their own before this one, which
    it must not overtake (addon.jobs.routes); an event bound to a route is carried on that route alone.
    """
    project_id = project_of(payload)
    reach = runtime.project_reach.of(session, event.tenant_id, project_id)
    tenant = reach.tenant
    if tenant is None or not tenant.active:
        return Carried("the site has disabled or uninstalled Tandem")
    connections = [c for c in reach.connections if event.route is None or route_key(c.id, "a") == event.route
                   or route_key(c.id, "b") == event.route]
    remember_missed(session, [c for c in connections if c.status in HALTED], happened_at(event, payload))
    routes = [route for connection in connections
              if connection.status == ACTIVE
              and (route := route_for(connection, tenant, project_id, reach.sites.get, reach.shares))]
    routes = [route for route in routes if event.route is None or route.key == event.route]
    if not routes:
        return Carried("no active connection for this project" if event.route is None
                       else f"its route {event.route} no longer carries events of this project")
    journal = Journal(session, routes[0].connection.id, routes[0].side, payload, event.id)
    if echo_for_every_connection(payload, _app_account(runtime, session, tenant, journal)):
        return Carried(MADE_BY_TANDEM)
    trace = trace_of(payload)
    # A change Tandem made for a connection is an echo for that connection only.
    routes = [route for route in routes if trace is None or route.connection.id != trace.connection_id]
    if not routes:
        return Carried(MADE_BY_TANDEM)
    return _carry(runtime, session, event, payload, retried, [route for route in routes if route.key not in bound],
                  [(route.key, None) for route in routes if route.key in bound])


def _carry(runtime, session: Session, event: InboxEvent, payload: dict, retried: bool, routes: list[Route],
           held: list[tuple[str, None]]) -> Carried:
    failed = []
    for number, route in enumerate(routes):
        if number:
            # What the routes before applied, before this one calls Jira: SQLite must not stay locked meanwhile,
            # or every webhook waits for that call. Each route is done once: a retry carries only those left.
            session.commit()
        try:
            EventSync(runtime, session, route, payload, retried=retried, event_id=event.id).run()
        except SyncFailed as failure:
            if isinstance(failure.cause, LeaseLost):
                raise
            session.rollback()  # this route's writes since the last commit; those of the routes before stay
            failed.append((route.key, failure))
    carried = len(routes) - len(failed)
    note = f"carried across {carried} connection{'' if carried == 1 else 's'}"
    if failed or held:
        note += f"; {len(failed)} failed and {len(held)} held behind an earlier failure, each as an event of its own"
    return Carried(note, failed + held)


def project_of(payload: dict) -> str | None:
    project = ((payload.get("issue") or {}).get("fields") or {}).get("project") or {}
    return str(project["id"]) if project.get("id") is not None else None


def _app_account(runtime, session: Session, tenant: Tenant, journal: Journal) -> str:
    """Asked once per site; a refusal is shown on the first connection the event was for, which cannot run
    without it."""
    if tenant.app_account_id is not None:
        return tenant.app_account_id
    journal.attempt(f"read Tandem's own user on {tenant.base_url}", tenant)
    try:
        account_id = runtime.jira(tenant).myself()["accountId"]
    except JiraError as error:
        raise SyncFailed(journal.step, error) from error
    # A statement, not an attribute: ``tenant`` is shared by the process's threads (addon.jobs.project_reach).
    session.execute(update(Tenant).where(Tenant.id == tenant.id).values(app_account_id=account_id))
    session.commit()  # before the event's calls to Jira (see process_event)
    return account_id


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
    site_of = partial(session.get, Tenant)
    for side in SIDES:
        tenant_id, project_id, _ = connection.side(side)
        route = route_for(connection, site_of(tenant_id), project_id, site_of)
        if route is not None:
            routes.append(route)
    return routes


def route_for(connection: Connection, tenant: Tenant, project_id: str, site_of: Callable[[int], Tenant | None],
              shares: Callable[[int, str], bool] | None = None) -> Route | None:
    """The direction of ``connection`` that leaves (tenant, project), if both halves are published.
    ``site_of``: the site (Tenant) of an id, if there is one; ``shares``: whether the project on a side of a
    connection has other connections (``Reach.shares``), if known."""
    side = connection.side_of(tenant.id, project_id)
    own, theirs = connection.half(side), connection.half(other_side(side))
    if side is None or not (own and own.published and theirs and theirs.published):
        return None
    target = site_of(connection.side(other_side(side))[0])
    if target is None or not target.active:
        return None
    own_half, their_half = json.loads(own.published), json.loads(theirs.published)
    return Route(connection, side, tenant, target, own_half["outgoing"], their_half["incoming"],
                 their_half["outgoing"], own_half["incoming"],
                 target_shared=shares is None or shares(connection.id, other_side(side)))
