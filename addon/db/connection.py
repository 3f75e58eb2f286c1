"""Connection: a synchronization between two sides, each side owning its half of the configuration."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from addon.db.base import Base, UtcDateTime, utcnow

REQUESTED, ACTIVE, PAUSED, STOPPED, ERROR = "requested", "active", "paused", "stopped", "error"
# Not carrying events for now, but catching up on what it missed when it runs again (a stopped one starts afresh).
HALTED = (PAUSED, ERROR)
SIDES = ("a", "b")


class Connection(Base):
    __tablename__ = "connections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    scenario: Mapped[str] = mapped_column(String(32), default="basic")
    # requested -> active | paused | stopped | error; "configured" only means both halves are published.
    status: Mapped[str] = mapped_column(String(16), default=REQUESTED)
    attention: Mapped[str | None] = mapped_column(Text)
    a_tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    a_project_id: Mapped[str] = mapped_column(String(64))
    a_project_key: Mapped[str] = mapped_column(String(64))
    b_tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    b_project_id: Mapped[str | None] = mapped_column(String(64))
    b_project_key: Mapped[str | None] = mapped_column(String(64))
    requested_by: Mapped[str | None] = mapped_column(String(128))
    accepted_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the earliest event it missed while paused or in error happened; cleared once its catch-up is queued.
    halted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    halves: Mapped[list["Half"]] = relationship(back_populates="connection", cascade="all, delete-orphan")

    @classmethod
    def of_project(cls, tenant_id, project_id):
        """SQL: the connection has (tenant, project) on one of its sides; values or bound parameters."""
        return or_(and_(cls.a_tenant_id == tenant_id, cls.a_project_id == project_id),
                   and_(cls.b_tenant_id == tenant_id, cls.b_project_id == project_id))

    def side_of(self, tenant_id: int, project_id: str) -> str | None:
        if (self.a_tenant_id, self.a_project_id) == (tenant_id, project_id):
            return "a"
        if (self.b_tenant_id, self.b_project_id) == (tenant_id, project_id):
            return "b"
        return None

    def side(self, side: str) -> tuple[int | None, str | None, str | None]:
        """(tenant id, project id, project key) of one side."""
        if side == "a":
            return self.a_tenant_id, self.a_project_id, self.a_project_key
        return self.b_tenant_id, self.b_project_id, self.b_project_key

    def half(self, side: str) -> "Half | None":
        return next((half for half in self.halves if half.side == side), None)


def other_side(side: str) -> str:
    return "b" if side == "a" else "a"


class Half(Base):
    """One side's configuration: a draft being edited and the published version the engine uses."""

    __tablename__ = "halves"
    __table_args__ = (UniqueConstraint("connection_id", "side", name="uq_halves_connection_side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(1))
    draft: Mapped[str] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str | None] = mapped_column(String(128))

    connection: Mapped[Connection] = relationship(back_populates="halves")


class Invitation(Base):
    """A single-use code that lets an admin of another site become side B of a connection."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    # Only a hash is kept: a leaked database does not leak usable codes.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    server_url: Mapped[str] = mapped_column(String(1024))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_by_tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="SET NULL"))
