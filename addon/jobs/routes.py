"""Failure, retry, skip and order per route: one direction of one connection (``addon.db.inbox.route_key``).

An event as received (its ``route`` is None) is carried on every route of its project. A route that fails on it,
or that is held behind an earlier failure of the same issue on that route, is left to an event bound to that route
alone, which alone carries the failure (Retry, Skip in that connection's error list) or waits: the event itself for
the first route that failed (it then stands for that route only), a copy of it for each other route. The event is
done for the routes that carried it, so that a retry of one route never carries another again, and a healthy
route keeps flowing while another fails.

Order per issue and route: the events bound to a route are bound in the order their events were carried (an event
keeps its own route only when that route had none bound), so their ids give that order; an event as received that
meets a route with a bound event still pending or failed is bound to it behind them, as a copy. An event bound to a
route waits while that route has a failed event, or an earlier one that waits to be tried again; an event not bound
to any route failed or waiting (something went wrong before any route was reached) holds the whole issue, as before.
"""
from __future__ import annotations

from sqlalchemy import bindparam, exists, insert, or_, select

from addon.db.base import UtcDateTime, one_of
from addon.db.inbox import FAILED, PENDING, InboxEvent

EVENTS = InboxEvent.__table__
NOW = bindparam("now", type_=UtcDateTime)


def held(events=EVENTS):
    """Whether a pending event of ``events`` must wait: its issue has a failed event on the same route (or on no
    route), or an earlier event there that waits to be tried again (itself included)."""
    holding = EVENTS.alias("holding")
    return exists().where(
        holding.c.tenant_id == events.c.tenant_id, holding.c.issue_id == events.c.issue_id,
        or_(holding.c.route == events.c.route, holding.c.route.is_(None)),
        or_(holding.c.status == FAILED,
            (holding.c.status == PENDING) & (holding.c.retry_at > NOW) & (holding.c.id <= events.c.id)))


def any_bound(events=EVENTS):
    """Whether the issue of an event of ``events`` has a route with events of its own (``ROUTES_BOUND``)."""
    bound = EVENTS.alias("bound")
    return exists().where(bound.c.tenant_id == events.c.tenant_id, bound.c.issue_id == events.c.issue_id,
                          bound.c.route.is_not(None), one_of(bound.c.status, (PENDING, FAILED)))


# The routes of an issue that an event as received must not carry itself: each has events of its own before it.
ROUTES_BOUND = (select(EVENTS.c.route).distinct()
                .where(EVENTS.c.tenant_id == bindparam("tenant_id"), EVENTS.c.issue_id == bindparam("issue_id"),
                       EVENTS.c.route.is_not(None), one_of(EVENTS.c.status, (PENDING, FAILED))))
BIND = insert(EVENTS)


def routes_bound(session, tenant_id: int, issue_id: str | None) -> set[str]:
    if issue_id is None:
        return set()  # events without an issue never wait on each other
    return set(session.scalars(ROUTES_BOUND, {"tenant_id": tenant_id, "issue_id": issue_id}))


def bind(session, event, route: str, attempts: int) -> int:
    """A copy of ``event`` (a row of InboxEvent's columns) bound to ``route``; returns its id. ``attempts``: how
    often the route was tried on it (0 when held behind an earlier failure), so that a retry knows whether the
    route may have written something already."""
    identifier = f"{event.webhook_identifier[:200]} @{route}#{event.id}"
    return session.execute(BIND.values(
        tenant_id=event.tenant_id, webhook_identifier=identifier, event_type=event.event_type,
        issue_id=event.issue_id, payload=event.payload, received_at=event.received_at, status=PENDING,
        attempts=attempts, route=route).returning(EVENTS.c.id)).scalar_one()
