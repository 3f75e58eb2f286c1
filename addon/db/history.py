"""Sync history: what was carried across a connection, when, in which direction, and how it ended."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow

# What was done (``action``) ...
CREATED_ISSUE = "created_issue"
UPDATED_FIELDS = "updated_fields"
ADDED_COMMENT = "added_comment"
EDITED_COMMENT = "edited_comment"
DELETED_COMMENT = "deleted_comment"
ADDED_ATTACHMENT = "added_attachment"
DELETED_ATTACHMENT = "deleted_attachment"
LINKED_TWIN = "linked_twin"
UNLINKED = "unlinked"  # an issue of the pair was deleted
SKIPPED = "skipped"
FAILED = "failed"
CREATED_VALUE = "created_value"  # a component or version the twin's project lacked
LEFT_OUT_VALUE = "left_out_value"  # a value the target refused or lacks, left out while the rest applied
# ... and how it ended (``outcome``).
OK = "ok"
DIRECTIONS = {"a": "a->b", "b": "b->a"}


class SyncHistory(Base):
    __tablename__ = "sync_history"
    __table_args__ = (
        # Pages per connection, newest first; the id orders entries written in the same instant.
        Index("ix_sync_history_connection_order", "connection_id", "id"),
        Index("ix_sync_history_source_issue", "connection_id", "source_issue_key"),
        Index("ix_sync_history_target_issue", "connection_id", "target_issue_key"),
        # Retention deletes by age across all connections.
        Index("ix_sync_history_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    # No foreign key: the inbox may be pruned sooner than the history it explains.
    event_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    direction: Mapped[str] = mapped_column(String(4))  # "a->b" or "b->a"
    source_issue_id: Mapped[str | None] = mapped_column(String(64))
    source_issue_key: Mapped[str | None] = mapped_column(String(64))
    target_issue_key: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    # The fields updated, the comment written, the reason of a skip or Jira's message for a failure.
    detail: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16), default=OK)
