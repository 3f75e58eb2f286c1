"""Switching a connection on and off, and deleting it.

start:  stopped | error  -> active   (both halves published, both sites installed)
pause:  active           -> paused   (the engine skips it; Resume carries on)
resume: paused           -> active   (same conditions as start)
stop:   active | paused | error -> stopped

Paused or in error, a connection misses events; running again, it catches up on them (``addon.jobs.catch_up``).
Stopped, it starts afresh: start stamps a new ``started_at``, and what happened while it was stopped stays put.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from addon.connections.acting import Actor
from addon.connections.errors import Conflict
from addon.connections.failures import release_failed_items
from addon.connections.store import tenants_of, visible_connection
from addon.connections.views import ConnectionView, connection_view, start_blockers
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, ERROR, PAUSED, STOPPED, Connection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    past_tense: str  # for messages: "only a paused connection can be resumed"


TRANSITIONS = {
    "start": Transition((STOPPED, ERROR), ACTIVE, "started"),
    "pause": Transition((ACTIVE,), PAUSED, "paused"),
    "resume": Transition((PAUSED,), ACTIVE, "resumed"),
    "stop": Transition((ACTIVE, PAUSED, ERROR), STOPPED, "stopped"),
}


def change_status(runtime, actor: Actor, connection_id: int, action: str) -> ConnectionView:
    transition = TRANSITIONS[action]
    with runtime.db.session() as session:
        connection, side = visible_connection(session, actor, connection_id)
        if connection.status not in transition.sources:
            raise Conflict(f"cannot {action} connection {connection.id}: it is {connection.status} "
                           f"(only a {' or '.join(transition.sources)} connection can be {transition.past_tense})")
        if transition.target == ACTIVE:
            _require_startable(session, connection)
            connection.attention = None
        if action == "start":
            connection.started_at = utcnow()
        if transition.target == STOPPED:
            connection.halted_at = None
        connection.status = transition.target
        session.flush()
        view = connection_view(session, connection, side)
    if transition.target == ACTIVE:
        _enqueue_catch_up(runtime, connection_id)
    return view


def delete(runtime, actor: Actor, connection_id: int) -> None:
    """Deletes the connection with its halves, invitation, issue links and history; the issues stay on both
    sites, and its failed items stop blocking their issues."""
    with runtime.db.session() as session:
        connection, _ = visible_connection(session, actor, connection_id)
        release_failed_items(session, connection.id)
        session.delete(connection)


def _enqueue_catch_up(runtime, connection_id: int) -> None:
    # The status is stored: if the queue is away, the worker's reconciliation round enqueues the catch-up later.
    try:
        runtime.tasks.enqueue_catch_up(connection_id)
    except Exception:
        log.exception("could not enqueue the catch-up of connection %s; the reconciliation round will", connection_id)


def _require_startable(session, connection: Connection) -> None:
    blockers = start_blockers(connection, tenants_of(session, connection))
    if blockers:
        raise Conflict(f"connection {connection.id} cannot run yet: " + "; ".join(blockers))

