"""A connection's error list: events that failed for good on it, and the two ways out, Retry and Skip.

A failed event holds the later events of its issue on the same route, this connection in one direction (order is
kept per issue and route; the issue's other routes flow, addon.jobs.routes); Retry runs it again on that route
alone once the cause is fixed, Skip drops it for that route alone. Either way the events queued behind it then
flow. Events that Tandem is
still retrying by itself (Jira away, busy or rate limiting) are listed too, as retrying, with the last answer.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from addon.connections.acting import Actor
from addon.connections.errors import Conflict, NotFound
from addon.connections.store import visible_connection
from addon.db import history
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, Connection
from addon.db.history import DIRECTIONS, SyncHistory
from addon.db.inbox import FAILED, PENDING, SKIPPED, InboxEvent
from addon.jobs.process import project_of

log = logging.getLogger(__name__)

RETRYING = "retrying"
# The newest this many are listed; ``total`` says how many there are in all.
MAX_LISTED = 200


@dataclass(frozen=True)
class IssueRef:
    id: str | None
    key: str | None


@dataclass(frozen=True)
class FailedItemView:
    event_id: int
    event_type: str
    issue: IssueRef
    direction: str | None
    attempted: str | None
    message: str | None
    failed_at: datetime | None
    attempts: int
    waiting: int  # later events of the same issue queued behind this one
    status: str
    note: str | None


@dataclass(frozen=True)
class ErrorList:
    items: list[FailedItemView]
    total: int


def list_errors(runtime, actor: Actor, connection_id: int) -> ErrorList:
    with runtime.db.session() as session:
        connection, _ = visible_connection(session, actor, connection_id)
        failed = (InboxEvent.failed_connection_id == connection.id, (InboxEvent.status == FAILED) | InboxEvent.retrying)
        events = session.scalars(select(InboxEvent).where(*failed).order_by(InboxEvent.id.desc())
                                 .limit(MAX_LISTED)).all()
        total = session.scalar(select(func.count()).where(*failed))
        return ErrorList([_item_view(session, connection, event) for event in events], total)


def retry(runtime, actor: Actor, connection_id: int, event_id: int) -> FailedItemView:
    with runtime.db.session() as session:
        connection, _ = visible_connection(session, actor, connection_id)
        event = _failed_item(session, connection, event_id)
        if connection.status != ACTIVE:
            raise Conflict(f"connection {connection.id} is {connection.status}: start it before retrying; "
                           "a retry now would find nothing to carry the item across")
        # Counted as tried once: the run looks for a twin that a lost answer may have left, and backs off from
        # its first step again.
        _leave_failed(session, event, status=PENDING, attempts=1, last_error=None, processed_at=None,
                      retry_at=None, note=_by(actor, "retried"))
        view = _item_view(session, connection, event)
    _enqueue_drain(runtime, event)
    return view


def skip(runtime, actor: Actor, connection_id: int, event_id: int) -> FailedItemView:
    with runtime.db.session() as session:
        connection, _ = visible_connection(session, actor, connection_id)
        event = _failed_item(session, connection, event_id)
        _leave_failed(session, event, status=SKIPPED, processed_at=utcnow(), note=_by(actor, "skipped"))
        view = _item_view(session, connection, event)
        session.add(_skip_entry(view, connection.id, actor))
    _enqueue_drain(runtime, event)
    return view


def release_failed_items(session: Session, connection_id: int) -> None:
    """Before a connection is deleted: its failed events must not block their issues for ever. What waited
    behind them is pending, so the worker's sweep picks it up."""
    session.execute(update(InboxEvent).where(InboxEvent.failed_connection_id == connection_id,
                                             InboxEvent.status == FAILED)
                    .values(status=SKIPPED, note="skipped: its connection was deleted"))


def _failed_item(session: Session, connection: Connection, event_id: int) -> InboxEvent:
    event = session.scalar(select(InboxEvent).where(InboxEvent.id == event_id,
                                                    InboxEvent.failed_connection_id == connection.id))
    if event is None:
        raise NotFound(f"no failed item {event_id} in connection {connection.id}")
    if event.status != FAILED:
        raise Conflict(f"item {event_id} is {event.status} already, no longer failed")
    return event


def _leave_failed(session: Session, event: InboxEvent, **values) -> None:
    """Only from failed, in one statement: of two admins pressing Retry and Skip at once, one wins."""
    changed = session.execute(update(InboxEvent).where(InboxEvent.id == event.id, InboxEvent.status == FAILED)
                              .values(**values)).rowcount
    if changed != 1:
        raise Conflict(f"item {event.id} was retried or skipped meanwhile")
    session.refresh(event)


def _by(actor: Actor, verb: str) -> str:
    return f"{verb} by {actor.account_id} at {utcnow().strftime('%Y-%m-%d %H:%M:%S UTC')}"


def _skip_entry(view: FailedItemView, connection_id: int, actor: Actor) -> SyncHistory:
    return SyncHistory(connection_id=connection_id, event_id=view.event_id, direction=view.direction or "",
                       source_issue_id=view.issue.id, source_issue_key=view.issue.key, action=history.SKIPPED,
                       detail=f"skipped by {actor.account_id} after: {view.attempted}: {view.message}",
                       outcome=history.SKIPPED)


def _enqueue_drain(runtime, event: InboxEvent) -> None:
    # The change is stored: if the queue is away, the worker's sweep enqueues the issue later.
    try:
        runtime.tasks.enqueue_drain(event.tenant_id, event.issue_id)
    except Exception:
        log.exception("could not enqueue the drain of event %s; the sweep will pick it up", event.id)


def _item_view(session: Session, connection: Connection, event: InboxEvent) -> FailedItemView:
    payload = json.loads(event.payload)
    issue = payload.get("issue") or {}
    side = connection.side_of(event.tenant_id, project_of(payload))
    return FailedItemView(
        event_id=event.id, event_type=event.event_type, issue=IssueRef(event.issue_id, issue.get("key")),
        direction=DIRECTIONS.get(side), attempted=event.attempted, message=event.last_error,
        failed_at=event.processed_at, attempts=event.attempts, waiting=_waiting_behind(session, event),
        status=RETRYING if event.retrying else event.status, note=event.note)


def _waiting_behind(session: Session, event: InboxEvent) -> int:
    """Its issue's events still to be carried on its route: those bound to that route (all behind it, since they
    wait while it fails), and those not yet carried on any route. An event that failed before reaching any
    route holds every later event of its issue."""
    if event.issue_id is None:
        return 0  # events without an issue never wait on each other
    behind = (InboxEvent.id > event.id if event.route is None
              else or_(InboxEvent.route == event.route, InboxEvent.route.is_(None)))
    return session.scalar(select(func.count()).where(
        InboxEvent.tenant_id == event.tenant_id, InboxEvent.issue_id == event.issue_id,
        InboxEvent.status == PENDING, InboxEvent.id != event.id, behind))
