"""Links: which issue and comment on one side is the twin of which on the other, and what we last wrote."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base, UtcDateTime, utcnow


class IssueLink(Base):
    __tablename__ = "issue_links"
    __table_args__ = (
        UniqueConstraint("connection_id", "a_issue_id", name="uq_issue_links_a"),
        UniqueConstraint("connection_id", "b_issue_id", name="uq_issue_links_b"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    a_issue_id: Mapped[str] = mapped_column(String(64))
    a_issue_key: Mapped[str] = mapped_column(String(64))
    b_issue_id: Mapped[str] = mapped_column(String(64))
    b_issue_key: Mapped[str] = mapped_column(String(64))
    # The original both issues copy (addon.jobs.roots): one of them, or an issue a third project holds.
    root: Mapped[str | None] = mapped_column(String(255), index=True)
    # JSON of the field values we last wrote on each side: what an echo would carry back.
    a_written: Mapped[str] = mapped_column(Text, default="{}")
    b_written: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_synced_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The side whose issue was deleted ("a" or "b"): the pair is unlinked, nothing is carried between them.
    unlinked_side: Mapped[str | None] = mapped_column(String(1))
    # When reconciliation last compared the pair with the sites; None: never.
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    def issue_id(self, side: str) -> str:
        return self.a_issue_id if side == "a" else self.b_issue_id

    def issue_key(self, side: str) -> str:
        return self.a_issue_key if side == "a" else self.b_issue_key


class CommentLink(Base):
    __tablename__ = "comment_links"
    __table_args__ = (
        UniqueConstraint("issue_link_id", "a_comment_id", name="uq_comment_links_a"),
        UniqueConstraint("issue_link_id", "b_comment_id", name="uq_comment_links_b"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_link_id: Mapped[int] = mapped_column(ForeignKey("issue_links.id", ondelete="CASCADE"))
    a_comment_id: Mapped[str] = mapped_column(String(64))
    b_comment_id: Mapped[str] = mapped_column(String(64))
    root: Mapped[str | None] = mapped_column(String(255), index=True)  # as IssueLink.root, for comments
    # Fingerprint of the body we last wrote on each side, so an echoed edit is recognised.
    a_written: Mapped[str | None] = mapped_column(String(64))
    b_written: Mapped[str | None] = mapped_column(String(64))
    # The visibility of the copy we last wrote on each side (public, internal, standard), so that a change of
    # the original's visibility is carried; None: not known (copies written before it was remembered).
    a_visibility: Mapped[str | None] = mapped_column(String(16))
    b_visibility: Mapped[str | None] = mapped_column(String(16))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    def comment_id(self, side: str) -> str:
        return self.a_comment_id if side == "a" else self.b_comment_id
