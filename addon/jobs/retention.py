"""Retention: what the worker's reconciliation round deletes once it is of no more use.

- Sync history older than ``TANDEM_HISTORY_DAYS`` (``addon.jobs.history.purge_history``).
- Inbox events finished (done or skipped) longer ago than ``TANDEM_INBOX_DAYS``, payloads included: they only
  served to deduplicate redeliveries, which Jira stops within a day. Failed and pending events stay, however
  old: the error list and the drains still need them.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from addon.db.base import utcnow
from addon.db.inbox import DONE, SKIPPED, InboxEvent

PURGE_BATCH = 5000


def delete_in_batches(db, model, *conditions) -> int:
    """Deletes the rows of ``model`` that meet ``conditions``; returns how many. A batch per transaction, so
    that a first purge of a large backlog never holds a long lock on a table the web process or the executor
    writes to."""
    purged = 0
    while True:
        with db.session() as session:
            ids = session.scalars(select(model.id).where(*conditions).limit(PURGE_BATCH)).all()
            if ids:
                session.execute(delete(model).where(model.id.in_(ids)))
        purged += len(ids)
        if len(ids) < PURGE_BATCH:
            return purged


def purge_inbox(runtime) -> int:
    """Deletes the events finished before the retention; returns how many."""
    cutoff = utcnow() - timedelta(days=runtime.settings.inbox_days)
    return delete_in_batches(runtime.db, InboxEvent, InboxEvent.status.in_((DONE, SKIPPED)),
                             InboxEvent.processed_at < cutoff)
