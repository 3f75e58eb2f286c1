"""How a connection is doing, for its page and the list: issues under sync, last sync, open errors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from addon.db import history
from addon.db.history import SyncHistory
from addon.db.inbox import FAILED, InboxEvent
from addon.db.link import IssueLink


@dataclass(frozen=True)
class Activity:
    issues_under_sync: int
    last_sync: datetime | None  # when something was last carried across (skips and failures do not count)
    open_errors: int


def activity_of(session: Session, connection_id: int) -> Activity:
    return Activity(
        issues_under_sync=session.scalar(select(func.count()).where(IssueLink.connection_id == connection_id)),
        last_sync=_last_sync(session, connection_id),
        open_errors=session.scalar(select(func.count()).where(InboxEvent.failed_connection_id == connection_id,
                                                              InboxEvent.status == FAILED)),
    )


def _last_sync(session: Session, connection_id: int) -> datetime | None:
    # The newest id, not max(at): the (connection, id) index finds it without reading the whole history.
    return session.scalar(select(SyncHistory.at).where(SyncHistory.connection_id == connection_id,
                                                       SyncHistory.outcome == history.OK)
                          .order_by(SyncHistory.id.desc()).limit(1))
