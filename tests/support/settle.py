"""Waiting until a sync has settled: nothing pending in the inbox and no site receiving writes."""
from __future__ import annotations

import time

from sqlalchemy import func, select

from addon.db.inbox import PENDING, InboxEvent


def pending_count(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(InboxEvent.status == PENDING))


def write_counts(sites) -> tuple[int, ...]:
    return tuple(len(site.writes()) for site in sites)


def settle(database, sites, quiet: float = 0.8, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (pending_count(database), write_counts(sites))
        if now != last:
            last, stable_since = now, time.monotonic()
        elif now[0] == 0 and time.monotonic() - stable_since >= quiet:
            return
        time.sleep(0.05)
    raise AssertionError(f"the sync did not settle in {timeout} s: {last[0]} event(s) pending, writes {last[1]}")
