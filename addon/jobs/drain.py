"""Draining one issue's inbox events in order, under its lease.

A failing event stops the drain of its issue only: later events of the same
issue wait behind it (order is kept), other issues are untouched.
"""
from __future__ import annotations

import logging
import os
import random
import socket
import uuid

from sqlalchemy import exists, select, update

from addon.connectors.jira import Kind
from addon.db.base import utcnow
from addon.db.inbox import DONE, FAILED, PENDING, InboxEvent
from addon.jobs import leases
from addon.jobs.failures import SyncFailed, mark_failed
from addon.jobs.process import process_event

log = logging.getLogger(__name__)

BATCH = 100
NO_ISSUE = "-"
ISSUE_EVENTS = ("jira:issue_created", "jira:issue_updated")
BACKOFF_BASE_SECONDS = 1.0


class RetryLater(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def drain_issue(runtime, tenant_id: int, issue_id: str | None) -> float | None:
    """Process what is pending; returns seconds after which to try again, or None."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    lease_key = issue_id or NO_ISSUE
    seconds = runtime.settings.lease_seconds
    if not leases.acquire(runtime.db, tenant_id, lease_key, owner, seconds):
        return None
    try:
        while batch := pending_events(runtime.db, tenant_id, issue_id):
            for group in coalesced(batch):
                _process_group(runtime, group)
                if not leases.acquire(runtime.db, tenant_id, lease_key, owner, seconds):
                    return None  # the lease was lost (we were too slow): its new holder carries on
    except RetryLater as retry:
        # Keep the lease through the backoff, so the sweep does not retry early.
        leases.acquire(runtime.db, tenant_id, lease_key, owner, retry.seconds)
        return retry.seconds
    except _Stopped:
        pass
    leases.release(runtime.db, tenant_id, lease_key, owner)
    return None


class _Stopped(Exception):
    """An event failed for good; later events of the issue wait until it is retried or skipped."""


def pending_events(db, tenant_id: int, issue_id: str | None) -> list[InboxEvent]:
    same_issue = (InboxEvent.tenant_id == tenant_id, InboxEvent.issue_id.is_(None) if issue_id is None
                  else InboxEvent.issue_id == issue_id)
    with db.session() as session:
        blocked = session.scalar(select(exists().where(*same_issue, InboxEvent.status == FAILED)))
        if blocked and issue_id is not None:
            return []
        return session.scalars(select(InboxEvent).where(*same_issue, InboxEvent.status == PENDING)
                               .order_by(InboxEvent.id).limit(BATCH)).all()


def coalesced(batch: list[InboxEvent]) -> list[list[InboxEvent]]:
    """Runs of consecutive issue events become one group: each reads the issue as it is now."""
    groups: list[list[InboxEvent]] = []
    for event in batch:
        if groups and event.event_type in ISSUE_EVENTS and groups[-1][-1].event_type in ISSUE_EVENTS:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _process_group(runtime, group: list[InboxEvent]) -> None:
    ids = [event.id for event in group]
    with runtime.db.session() as session:
        session.execute(update(InboxEvent).where(InboxEvent.id.in_(ids)).values(attempts=InboxEvent.attempts + 1))
    with runtime.db.session() as session:
        event = session.get(InboxEvent, group[-1].id)
        try:
            note = process_event(runtime, session, event)
        except Exception as error:
            session.rollback()
            _record_failure(runtime, ids, SyncFailed.of(error), event.attempts)
    _done(runtime, ids, note + (f" ({len(ids)} events read as one)" if len(ids) > 1 else ""))


def _record_failure(runtime, ids: list[int], failure: SyncFailed, attempts: int) -> None:
    """Waits (RetryLater) when the same request may succeed later, else stops the issue (_Stopped): a refusal
    or a bug is not retried blindly, it waits in the connection's error list for Retry or Skip."""
    if failure.worth_waiting:
        with runtime.db.session() as session:
            session.execute(update(InboxEvent).where(InboxEvent.id.in_(ids)).values(last_error=failure.message))
        verdict = failure.verdict
        if verdict is not None and verdict.kind == Kind.RETRY_AFTER:
            raise RetryLater(verdict.seconds)
        raise RetryLater(backoff(attempts, runtime.settings.backoff_cap_seconds))
    if not failure.expected:
        log.error("event %s failed unexpectedly", ids[-1], exc_info=failure.cause)
    with runtime.db.session() as session:
        mark_failed(session, ids, failure)
    raise _Stopped from failure


def backoff(attempts: int, cap: float) -> float:
    """Exponential with jitter, so many stalled issues do not retry in lock-step."""
    ceiling = min(cap, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def _done(runtime, ids: list[int], note: str) -> None:
    with runtime.db.session() as session:
        session.execute(update(InboxEvent).where(InboxEvent.id.in_(ids))
                        .values(status=DONE, processed_at=utcnow(), note=note))
