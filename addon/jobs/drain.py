"""Draining one issue's inbox events in order, under its lease.

A failing event holds its issue's later events on the same route only (connection and direction: order is kept
per issue and route, addon.jobs.routes); the issue's other routes and other issues are untouched.
"""
from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, false, or_, select, update

from addon.connectors.jira import Kind
from addon.db.base import UtcDateTime, utcnow
from addon.db.inbox import DONE, PENDING, InboxEvent
from addon.jobs import routes
from addon.jobs.failures import SyncFailed, mark_failed, mark_retrying
from addon.jobs.process import process_event
from addon.jobs.leases import Lease, LeaseLost, fenced
from addon.jobs.sync_event import ISSUE_EVENTS
from addon.sync.loop_guard import TRACE_KEY

log = logging.getLogger(__name__)

BATCH = 100
NO_ISSUE = "-"
BACKOFF_BASE_SECONDS = 1.0

# The drain's statements run for every event: Core statements built once, since composing a statement and
# going through the ORM cost the worker more CPU than the database spends running it.
EVENTS = InboxEvent.__table__


def _pending_query(of_an_issue: bool):
    tenant_id, issue_id = bindparam("tenant_id"), bindparam("issue_id")
    # With each event: whether its issue has routes with events of their own, which the drain then reads (most
    # issues have none: asking in this query costs the worker less than a query of its own for each group).
    query = select(EVENTS, routes.any_bound().label("routes_bound") if of_an_issue else false().label("routes_bound"))
    query = query.where(EVENTS.c.tenant_id == tenant_id, EVENTS.c.status == PENDING,
                        EVENTS.c.issue_id == issue_id if of_an_issue else EVENTS.c.issue_id.is_(None))
    if of_an_issue:
        query = query.where(~routes.held())
    else:  # events without an issue never wait on each other, only to be tried again
        query = query.where(or_(EVENTS.c.retry_at.is_(None), EVENTS.c.retry_at <= routes.NOW))
    return query.order_by(EVENTS.c.id).limit(bindparam("limit"))


PENDING_OF_ISSUE, PENDING_WITHOUT_ISSUE = _pending_query(True), _pending_query(False)
THOSE_EVENTS = EVENTS.c.id.in_(bindparam("ids", expanding=True))
COUNT_ATTEMPT = update(EVENTS).where(THOSE_EVENTS).values(attempts=EVENTS.c.attempts + 1)
MARK_DONE = (update(EVENTS).where(THOSE_EVENTS)
             .values(status=DONE, processed_at=bindparam("done_at", type_=UtcDateTime), note=bindparam("done_note")))
# The usual end of an event, in the statement that fences its commit (one statement fewer on every event).
MARK_DONE_FENCED = fenced(MARK_DONE)


def drain_issue(runtime, tenant_id: int, issue_id: str | None) -> float | None:
    """Process what is pending; returns seconds after which an event this drain failed for now is due again, or
    None. (Only the drain that recorded the wait says so: every webhook of the issue queues a drain, and each
    would otherwise schedule one more.)"""
    # Kept alive by a heartbeat while the drain runs, however long a call to Jira takes; and every transaction of
    # the drain commits only while it is still held (a fencing check).
    lease = Lease(runtime.db, tenant_id, issue_id or NO_ISSUE, runtime.settings.lease_seconds)
    soonest = None
    # Each turn looks first: many drains of an issue get queued (one per webhook, and the sweep's), and one that
    # finds nothing pending ends at once. After a release it looks again: an event stored meanwhile found the
    # lease still ours, so its own drain gave up, and would wait for the sweep.
    while pending_events(runtime.db, tenant_id, issue_id, limit=1) and lease.take():
        try:
            with lease.kept_alive():
                soonest = _sooner(soonest, _drain_under_lease(runtime, tenant_id, issue_id, lease))
        except LeaseLost:
            return None  # we were too slow: its new holder carries on
        except Exception:
            # A bug or the database: let the sweep try again soon, not after the lease expires.
            lease.release_if_possible()
            raise
        lease.release()
    return soonest


@dataclass
class _Outcome:
    failed: bool = False  # an event or route failed, for now or for good: what follows may now wait behind it
    again_in: float | None = None  # seconds until what failed for now is tried again


def _drain_under_lease(runtime, tenant_id: int, issue_id: str | None, lease: Lease) -> float | None:
    """Batches while they come full. Events stored meanwhile are found by drain_issue's look after the release,
    which it needs anyway: asking here as well would cost a query on every drain. Returns the soonest retry."""
    soonest = None
    while batch := pending_events(runtime.db, tenant_id, issue_id):
        for group in coalesced(batch):
            outcome = _process_group(runtime, group, lease)
            soonest = _sooner(soonest, outcome.again_in)
            if outcome.failed:
                break  # the rest of the batch may now wait behind the failure: read it again
        else:
            if len(batch) < BATCH:
                return soonest
    return soonest


def _sooner(one: float | None, other: float | None) -> float | None:
    return other if one is None else one if other is None else min(one, other)


def pending_events(db, tenant_id: int, issue_id: str | None, limit: int = BATCH) -> list:
    """The issue's pending events in order (rows with the columns of InboxEvent), but those that wait behind a
    failure of their route, or to be tried again (addon.jobs.routes)."""
    query = PENDING_WITHOUT_ISSUE if issue_id is None else PENDING_OF_ISSUE
    with db.autocommit.connect() as connection:
        return connection.execute(query, {"tenant_id": tenant_id, "issue_id": issue_id, "limit": limit,
                                          "now": utcnow()}).all()


def coalesced(batch: list) -> list[list]:
    """Runs of consecutive issue events for the same routes become one group: each reads the issue as it is now.
    Only events of one trace: a group is processed as its last event, and an echo is one for its own connection
    only, so the change another connection (or a person) made before it would be lost to that connection."""
    groups: list[list] = []
    for event in batch:
        if groups and event.event_type in ISSUE_EVENTS and groups[-1][-1].event_type in ISSUE_EVENTS \
                and event.route == groups[-1][-1].route and _same_trace(event, groups[-1][-1]):
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _same_trace(one, other) -> bool:
    if TRACE_KEY not in one.payload and TRACE_KEY not in other.payload:  # the usual case, told without parsing
        return True
    return json.loads(one.payload).get(TRACE_KEY) == json.loads(other.payload).get(TRACE_KEY)


def _process_group(runtime, group: list, lease: Lease) -> _Outcome:
    ids = [event.id for event in group]
    with runtime.db.autocommit.connect() as connection:
        # Before any call to Jira: after a crash, the next try knows to look for what it wrote.
        connection.execute(COUNT_ATTEMPT, {"ids": ids})
    with lease.fenced_session() as session:
        event, attempts = group[-1], group[-1].attempts + 1  # read under our lease: nobody else counted since
        bound = (routes.routes_bound(session, event.tenant_id, event.issue_id)
                 if event.route is None and event.routes_bound else set())
        try:
            carried = process_event(runtime, session, event, json.loads(event.payload), attempts > 1, bound)
        except Exception as error:
            session.rollback()
            if _lost_lease(error):
                raise LeaseLost from error
            # Before any route was reached: the event fails as a whole, and holds its issue.
            return _record_failure(runtime, session, ids, SyncFailed.of(error), attempts, _first_failure(group))
        if event.route is not None and carried.left:
            [(_, failure)] = carried.left  # its own route failed again
            return _record_failure(runtime, session, ids, failure, attempts, _first_failure(group))
        return _leave_routes(runtime, session, group, carried, attempts, lease)


def _leave_routes(runtime, session, group: list, carried, attempts: int, lease: Lease) -> _Outcome:
    """The event is done for the routes that carried it. The first route that failed keeps the event itself (no
    event of that route came before it: a route that has one holds it); each other route left gets an event of
    its own, behind what that route holds already. Each fails, waits or is held on its route alone."""
    ids, event = [event.id for event in group], group[-1]
    failed = [(route, failure) for route, failure in carried.left if failure is not None]
    outcome = _Outcome()
    for route, failure in carried.left[1:] if failed else carried.left:
        bound_id = routes.bind(session, event, route, attempts if failure else 0)
        if failure is not None:
            outcome = _worse(outcome, _record_failure(runtime, session, [bound_id], failure, attempts, None))
    note = carried.note + (f" ({len(ids)} events read as one)" if len(ids) > 1 else "")
    if not failed:
        # In the transaction of the links and history it wrote: done exactly when they are, if still ours.
        lease.execute_fenced(session, MARK_DONE_FENCED, _done(ids, note))
        return outcome
    route, failure = failed[0]
    _mark_done(session, ids[:-1], f"read as one with event {ids[-1]}, which stands for it")
    session.execute(update(EVENTS).where(EVENTS.c.id == ids[-1]).values(route=route, note=note))
    return _worse(outcome, _record_failure(runtime, session, ids[-1:], failure, attempts, _first_failure(group)))


def _worse(one: _Outcome, other: _Outcome) -> _Outcome:
    return _Outcome(one.failed or other.failed, _sooner(one.again_in, other.again_in))


def _lost_lease(error: Exception) -> bool:
    return isinstance(error, LeaseLost) or isinstance(getattr(error, "cause", None), LeaseLost)


def _first_failure(group: list) -> datetime | None:
    """When an event of the group first failed: its retry window runs from there, whatever joined it since."""
    return min((event.processed_at for event in group if event.processed_at is not None), default=None)


def _record_failure(runtime, session, ids: list[int], failure: SyncFailed, attempts: int,
                    first_failed_at: datetime | None) -> _Outcome:
    """Waits when the same request may succeed later, else fails for good: a refusal or a bug is not retried
    blindly, it waits in the connection's error list for Retry or Skip, and holds what follows on its route.
    Waiting is shown there too, as retrying, and ends in failure once the retry window has passed."""
    if failure.worth_waiting:
        retrying_for = (utcnow() - first_failed_at).total_seconds() if first_failed_at else 0.0
        if retrying_for < runtime.settings.retry_window_seconds:
            seconds = seconds_to_wait(failure.verdict, attempts, runtime.settings.backoff_cap_seconds)
            mark_retrying(session, ids, failure, utcnow() + timedelta(seconds=seconds))
            return _Outcome(True, seconds)
        failure = failure.given_up(retrying_for)
    if not failure.expected:
        log.error("event %s failed unexpectedly", ids[-1], exc_info=failure.cause)
    mark_failed(session, ids, failure)
    return _Outcome(True)


def seconds_to_wait(verdict, attempts: int, cap: float) -> float:
    if verdict is not None and verdict.kind == Kind.RETRY_AFTER:
        # Jira's own hint is followed as given; a guess grows per attempt like any backoff.
        return backoff(attempts, cap, verdict.seconds) if verdict.guessed else verdict.seconds
    return backoff(attempts, cap)


def backoff(attempts: int, cap: float, base: float = BACKOFF_BASE_SECONDS) -> float:
    """Exponential with jitter, so many stalled issues do not retry in lock-step."""
    ceiling = min(cap, base * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def _mark_done(session, ids: list[int], note: str) -> None:
    session.execute(MARK_DONE, _done(ids, note))


def _done(ids: list[int], note: str) -> dict:
    return {"ids": ids, "done_at": utcnow(), "done_note": note}
