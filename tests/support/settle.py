"""Waiting until a sync has settled: nothing pending in the inbox and no site receiving writes."""
from __future__ import annotations

import time

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import aliased

from addon.db.inbox import FAILED, PENDING, InboxEvent
from addon.db.tenant import Tenant


def pending_count(database, sites) -> int:
    """The events of these sites still to be carried: other tests share the database and may leave theirs.
    Those held behind a failure of their route (or of their whole issue) are not: they move only once the failure
    is retried or skipped, which a test does and waits for itself."""
    failed = aliased(InboxEvent)
    held = exists().where(failed.tenant_id == InboxEvent.tenant_id, failed.issue_id == InboxEvent.issue_id,
                          failed.status == FAILED, or_(failed.route == InboxEvent.route, failed.route.is_(None)))
    with database.session() as session:
        return session.scalar(select(func.count()).where(InboxEvent.status == PENDING, ~held,
                                                         InboxEvent.tenant_id.in_(_tenant_ids(sites))))


def write_counts(sites) -> tuple[int, ...]:
    return tuple(len(site.writes()) for site in sites)


def settle(database, sites, quiet: float = 0.8, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (pending_count(database, sites), write_counts(sites))
        if now != last:
            last, stable_since = now, time.monotonic()
        elif now[0] == 0 and time.monotonic() - stable_since >= quiet:
            return
        time.sleep(0.05)
    raise AssertionError(f"the sync did not settle in {timeout} s: {last[0]} event(s) pending, writes {last[1]}")


def failed_events(database, sites) -> list[InboxEvent]:
    """The failed events of these sites only: other tests share the database and may leave theirs."""
    with database.session() as session:
        return session.scalars(select(InboxEvent).where(InboxEvent.status == FAILED,
                                                        InboxEvent.tenant_id.in_(_tenant_ids(sites)))).all()


def forget_unfinished(database, sites) -> None:
    """Deletes these sites' pending and failed events, so that what a test left blocked does not keep the next
    test's ``settle`` waiting."""
    with database.session() as session:
        session.execute(delete(InboxEvent).where(InboxEvent.tenant_id.in_(_tenant_ids(sites)),
                                                 InboxEvent.status.in_([PENDING, FAILED])))


def _tenant_ids(sites):
    """Through either door: a site installed through Forge only is known by its cloudId."""
    return select(Tenant.id).where(or_(Tenant.client_key.in_([site.client_key for site in sites]),
                                       Tenant.cloud_id.in_([site.cloud_id for site in sites])))
