"""Huey tasks. They carry ids only, reload state, and are safe to run twice."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import and_, exists, func, or_, select

from addon.db.base import utcnow
from addon.db.inbox import PENDING, InboxEvent
from addon.db.lease import IssueLease
from addon.jobs import catch_up, routes
from addon.jobs.drain import NO_ISSUE, drain_issue
from addon.jobs.metadata import ProjectMetadata
from addon.jobs.people import UserDirectory
from addon.jobs.history import purge_history
from addon.jobs.reconcile import reconcile
from addon.jobs.retention import purge_inbox

log = logging.getLogger(__name__)


@dataclass
class Tasks:
    drain: Callable  # drain(tenant_id, issue_id): a Huey task
    reconcile: Callable  # reconcile(): a Huey task
    catch_up: Callable  # catch_up(connection_id): a Huey task

    def enqueue_drain(self, tenant_id: int, issue_id: str | None) -> None:
        self.drain(tenant_id, issue_id)

    def enqueue_catch_up(self, connection_id: int) -> None:
        self.catch_up(connection_id)


def register_tasks(runtime) -> Tasks:
    huey = runtime.huey
    runtime.metadata = ProjectMetadata(runtime, runtime.settings.metadata_cache_seconds)
    runtime.people = UserDirectory(runtime, runtime.settings.metadata_cache_seconds)

    @huey.task(name="tandem.drain_issue")
    def drain(tenant_id: int, issue_id: str | None) -> None:
        again_in = drain_issue(runtime, tenant_id, issue_id)
        if again_in is not None:
            drain.schedule((tenant_id, issue_id), delay=again_in)

    @huey.task(name="tandem.reconcile")
    def reconcile_round() -> None:
        catch_up.enqueue_due(runtime)
        repairs = reconcile(runtime)
        if repairs:
            log.info("reconciliation queued %d repair(s)", repairs)
        purge_history(runtime)
        purge_inbox(runtime)

    @huey.task(name="tandem.catch_up")
    def catch_up_connection(connection_id: int) -> None:
        queued = catch_up.catch_up(runtime, connection_id)
        if queued:
            log.info("catch-up of connection %s queued %d event(s)", connection_id, queued)

    return Tasks(drain=drain, reconcile=reconcile_round, catch_up=catch_up_connection)


def sweep(runtime) -> int:
    """Re-enqueue every issue with pending events and no live lease (lost enqueues, crashed workers)."""
    events = InboxEvent.__table__
    lease_key = IssueLease.issue_id == func.coalesce(events.c.issue_id, NO_ISSUE)
    live_lease = exists().where(IssueLease.tenant_id == events.c.tenant_id, lease_key,
                                IssueLease.expires_at > utcnow())
    # An event behind a failure of its route, or waiting to be tried again, waits for Retry, Skip or its time;
    # re-enqueueing its issue would only spin.
    due = or_(events.c.retry_at.is_(None), events.c.retry_at <= routes.NOW)
    with runtime.db.session() as session:
        stalled = session.execute(select(events.c.tenant_id, events.c.issue_id).where(
            and_(events.c.status == PENDING, ~live_lease, ~routes.held(), due)).distinct(), {"now": utcnow()}).all()
    for tenant_id, issue_id in stalled:
        runtime.tasks.enqueue_drain(tenant_id, issue_id)
    return len(stalled)

