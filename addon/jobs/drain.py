"""Draining one issue's inbox events in order, under its lease.

A failing event stops the drain of its issue only: later events of the same
issue wait behind it (order is kept), other issues are untouched.
"""
from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import bindparam, event as sa_event, exists, select, update
from sqlalchemy.orm import Session

from addon.connectors.jira import Kind
from addon.db.base import UtcDateTime, utcnow
from addon.db.inbox import DONE, FAILED, PENDING, InboxEvent
from addon.jobs import leases
from addon.jobs.failures import SyncFailed, mark_failed, mark_retrying
from addon.jobs.process import process_event
from addon.jobs.sync_event import ISSUE_EVENTS

log = logging.getLogger(__name__)

BATCH = 100
NO_ISSUE = "-"
BACKOFF_BASE_SECONDS = 1.0

# The drain's statements run for every event: Core statements built once, since composing a statement and
# going through the ORM cost the worker more CPU than the database spends running it.
EVENTS = InboxEvent.__table__


def _pending_query(of_an_issue: bool):
    tenant_id, issue_id = bindparam("tenant_id"), bindparam("issue_id")
    query = select(EVENTS).where(EVENTS.c.tenant_id == tenant_id, EVENTS.c.status == PENDING,
                                 EVENTS.c.issue_id == issue_id if of_an_issue else EVENTS.c.issue_id.is_(None))
    if of_an_issue:
        failed = EVENTS.alias("failed")
        query = query.where(~exists().where(failed.c.tenant_id == tenant_id, failed.c.issue_id == issue_id,
                                            failed.c.status == FAILED))
    return query.order_by(EVENTS.c.id).limit(bindparam("limit"))


PENDING_OF_ISSUE, PENDING_WITHOUT_ISSUE = _pending_query(True), _pending_query(False)
THOSE_EVENTS = EVENTS.c.id.in_(bindparam("ids", expanding=True))
COUNT_ATTEMPT = update(EVENTS).where(THOSE_EVENTS).values(attempts=EVENTS.c.attempts + 1)
MARK_DONE = (update(EVENTS).where(THOSE_EVENTS)
             .values(status=DONE, processed_at=bindparam("done_at", type_=UtcDateTime), note=bindparam("done_note")))


class RetryLater(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def drain_issue(runtime, tenant_id: int, issue_id: str | None) -> float | None:
    """Process what is pending; returns seconds after which to try again, or None."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    lease = _Lease(runtime.db, tenant_id, issue_id or NO_ISSUE, owner, runtime.settings.lease_seconds)
    # Each turn looks first: many drains of an issue get queued (one per webhook, and the sweep's), and one that
    # finds nothing pending ends at once. After a release it looks again: an event stored meanwhile found the
    # lease still ours, so its own drain gave up, and would wait for the sweep.
    while pending_events(runtime.db, tenant_id, issue_id, limit=1) and lease.take():
        try:
            with lease.kept_alive():
                _drain_under_lease(runtime, tenant_id, issue_id, lease)
        except RetryLater as retry:
            lease.take(retry.seconds)  # kept through the backoff, so the sweep does not retry early
            return retry.seconds
        except _LeaseLost:
            return None  # we were too slow: its new holder carries on
        except _Stopped:
            pass
        except Exception:
            # A bug or the database: let the sweep try again soon, not after the lease expires.
            lease.release_if_possible()
            raise
        lease.release()
    return None


class _LeaseLost(Exception):
    """Another worker took the issue over after our lease expired."""


FENCED_BY = "tandem.fenced_by"  # in Session.info: the lease a session's commits must still hold


@sa_event.listens_for(Session, "before_commit")
def _check_fence(session: Session) -> None:
    # One listener for every session: listening on each session of the drain cost more than the check itself.
    lease = session.info.get(FENCED_BY)
    if lease is not None:
        lease.fence(session)


class _Lease:
    """One drain's hold on an issue. Kept alive by a heartbeat while the drain runs, however long a call to Jira
    takes; and every transaction of the drain commits only while it is still held (a fencing check), so that a
    worker that stalled past its lease (a paused process, a lost heartbeat) writes nothing its successor may."""

    def __init__(self, db, tenant_id: int, key: str, owner: str, seconds: float):
        self._db, self._tenant_id, self._key, self._owner, self._seconds = db, tenant_id, key, owner, seconds

    def take(self, seconds: float | None = None) -> bool:
        return leases.acquire(self._db, self._tenant_id, self._key, self._owner,
                              self._seconds if seconds is None else seconds)

    @contextmanager
    def kept_alive(self):
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(stop,), name=f"lease-{self._key}", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()

    def _beat(self, stop: threading.Event) -> None:
        while not stop.wait(self._seconds / 3):
            try:
                if not self.take():
                    return  # taken over: the fencing check stops our writes
            except Exception:
                log.warning("could not renew the lease of issue %s; trying again", self._key, exc_info=True)

    @contextmanager
    def session(self):
        """A session of the drain: each of its commits first checks that the lease is still ours."""
        with self._db.session() as session:
            session.info[FENCED_BY] = self
            yield session

    def fence(self, session) -> None:
        if not leases.still_held(session, self._tenant_id, self._key, self._owner):
            raise _LeaseLost

    def release(self) -> None:
        leases.release(self._db, self._tenant_id, self._key, self._owner)

    def release_if_possible(self) -> None:
        try:
            self.release()
        except Exception:
            log.warning("could not release the lease of issue %s; it expires by itself", self._key, exc_info=True)


def _drain_under_lease(runtime, tenant_id: int, issue_id: str | None, lease: _Lease) -> None:
    """One batch, or more while they come full. Events stored meanwhile are found by drain_issue's look after
    the release, which it needs anyway: asking here as well would cost a query on every drain."""
    while batch := pending_events(runtime.db, tenant_id, issue_id):
        for group in coalesced(batch):
            _process_group(runtime, group, lease)
        if len(batch) < BATCH:
            return


class _Stopped(Exception):
    """An event failed for good; later events of the issue wait until it is retried or skipped."""


def pending_events(db, tenant_id: int, issue_id: str | None, limit: int = BATCH) -> list:
    """The issue's pending events in order (rows with the columns of InboxEvent); none while one of its events
    waits in the error list."""
    query = PENDING_WITHOUT_ISSUE if issue_id is None else PENDING_OF_ISSUE
    with db.autocommit.connect() as connection:
        return connection.execute(query, {"tenant_id": tenant_id, "issue_id": issue_id, "limit": limit}).all()


def coalesced(batch: list) -> list[list]:
    """Runs of consecutive issue events become one group: each reads the issue as it is now."""
    groups: list[list] = []
    for event in batch:
        if groups and event.event_type in ISSUE_EVENTS and groups[-1][-1].event_type in ISSUE_EVENTS:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _process_group(runtime, group: list, lease: _Lease) -> None:
    ids = [event.id for event in group]
    with runtime.db.autocommit.connect() as connection:
        # Before any call to Jira: after a crash, the next try knows to look for what it wrote.
        connection.execute(COUNT_ATTEMPT, {"ids": ids})
    with lease.session() as session:
        event, attempts = group[-1], group[-1].attempts + 1  # read under our lease: nobody else counted since
        try:
            note = process_event(runtime, session, event, json.loads(event.payload), retried=attempts > 1)
        except Exception as error:
            session.rollback()
            if _lost_lease(error):
                raise _LeaseLost from error
            _record_failure(runtime, ids, SyncFailed.of(error), attempts, _first_failure(group), lease)
        # In the transaction of the links and history it wrote: done exactly when they are.
        _mark_done(session, ids, note + (f" ({len(ids)} events read as one)" if len(ids) > 1 else ""))


def _lost_lease(error: Exception) -> bool:
    return isinstance(error, _LeaseLost) or isinstance(getattr(error, "cause", None), _LeaseLost)


def _first_failure(group: list) -> datetime | None:
    """When an event of the group first failed: its retry window runs from there, whatever joined it since."""
    return min((event.processed_at for event in group if event.processed_at is not None), default=None)


def _record_failure(runtime, ids: list[int], failure: SyncFailed, attempts: int,
                    first_failed_at: datetime | None, lease: _Lease) -> None:
    """Waits (RetryLater) when the same request may succeed later, else stops the issue (_Stopped): a refusal
    or a bug is not retried blindly, it waits in the connection's error list for Retry or Skip. Waiting is
    shown there too, as retrying, and ends in failure once the retry window has passed."""
    if failure.worth_waiting:
        retrying_for = (utcnow() - first_failed_at).total_seconds() if first_failed_at else 0.0
        if retrying_for < runtime.settings.retry_window_seconds:
            with lease.session() as session:
                mark_retrying(session, ids, failure)
            raise RetryLater(seconds_to_wait(failure.verdict, attempts, runtime.settings.backoff_cap_seconds))
        failure = failure.given_up(retrying_for)
    if not failure.expected:
        log.error("event %s failed unexpectedly", ids[-1], exc_info=failure.cause)
    with lease.session() as session:
        mark_failed(session, ids, failure)
    raise _Stopped from failure


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
    session.execute(MARK_DONE, {"ids": ids, "done_at": utcnow(), "done_note": note})
