"""A connection's sync history as its admins read it: newest first, per issue if asked, in pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from addon.connections.acting import Actor
from addon.connections.store import visible_connection
from addon.db.history import SyncHistory


@dataclass(frozen=True)
class HistoryEntryView:
    id: int
    at: datetime
    direction: str
    source_issue_id: str | None
    source_issue_key: str | None
    target_issue_key: str | None
    action: str
    detail: str | None
    outcome: str
    event_id: int | None


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntryView]
    next_before: int | None  # pass as ``before`` for the next (older) page; None on the last page


def list_history(runtime, actor: Actor, connection_id: int, issue_key: str | None, limit: int,
                 before: int | None) -> HistoryPage:
    """``issue_key``: entries whose source or target is that issue, on either side."""
    with runtime.db.session() as session:
        connection, _ = visible_connection(session, actor, connection_id)
        query = select(SyncHistory).where(SyncHistory.connection_id == connection.id)
        if issue_key:
            query = query.where(or_(SyncHistory.source_issue_key == issue_key,
                                    SyncHistory.target_issue_key == issue_key))
        if before is not None:
            query = query.where(SyncHistory.id < before)
        # One more than asked tells whether an older page exists.
        rows = session.scalars(query.order_by(SyncHistory.id.desc()).limit(limit + 1)).all()
    entries = [_entry_view(row) for row in rows[:limit]]
    return HistoryPage(entries, entries[-1].id if len(rows) > limit else None)


def _entry_view(row: SyncHistory) -> HistoryEntryView:
    return HistoryEntryView(row.id, row.at, row.direction, row.source_issue_id, row.source_issue_key,
                            row.target_issue_key, row.action, row.detail, row.outcome, row.event_id)
