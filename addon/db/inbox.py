"""Inbox event: one received webhook, stored before it is acknowledged."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow

PENDING, DONE, FAILED, SKIPPED = "pending", "done", "failed", "skipped"


def route_key(connection_id: int, side: str) -> str:
    """One direction of one connection: the unit of failure, retry, skip and order."""
    return f"{connection_id}:{side}"


class InboxEvent(Base):
    __tablename__ = "inbox_events"
    __table_args__ = (
        # Jira redelivers with the same identifier; one row per delivery identity per site.
        UniqueConstraint("tenant_id", "webhook_identifier", name="uq_inbox_events_tenant_webhook"),
        # Events are drained in order per source issue.
        Index("ix_inbox_events_issue_order", "tenant_id", "issue_id", "id"),
        Index("ix_inbox_events_status", "status"),
        Index("ix_inbox_events_failed_connection", "failed_connection_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    webhook_identifier: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(64))
    issue_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # What processing did, for the history: "carried across 1 connection", "made by Tandem itself"...
    note: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Where a failed event stopped, for that connection's error list: "create issue in SUP".
    failed_connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id", ondelete="SET NULL"))
    attempted: Mapped[str | None] = mapped_column(Text)
    # The one route (connection and direction, ``route_key``) the event is still to be carried on; None for an
    # event as received, carried on every route of its project. A route that fails or waits gets such an event
    # of its own, so that it alone holds its later events (addon.jobs.routes).
    route: Mapped[str | None] = mapped_column(String(32))
    # Of a pending event that failed for now: not tried again before then.
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @hybrid_property
    def retrying(self) -> bool:
        """Pending with an error: Tandem waits to try again by itself (Jira away, busy or rate limiting)."""
        return self.status == PENDING and self.last_error is not None

    @retrying.inplace.expression
    @classmethod
    def _retrying_expression(cls):
        return (cls.status == PENDING) & cls.last_error.is_not(None)
