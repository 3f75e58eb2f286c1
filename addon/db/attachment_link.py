"""Attachment links: which file on one side of a linked issue pair is the copy of which on the other.

A row is written before the upload (``uploading``), so that an upload whose answer was lost is recognised on
the twin later instead of being made twice, and so that the other direction leaves that copy alone meanwhile.
"""
from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from addon.db.base import Base

UPLOADING = "uploading"  # the upload is under way, or its answer was lost
COPIED = "copied"
SKIPPED = "skipped"  # the receiving half does not take it (size, type): noted once, never copied
DELETED = "deleted"  # one of the two was deleted: nothing more to do for either


class AttachmentLink(Base):
    __tablename__ = "attachment_links"
    __table_args__ = (UniqueConstraint("issue_link_id", "side", "source_attachment_id", name="uq_attachment_links"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_link_id: Mapped[int] = mapped_column(ForeignKey("issue_links.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(1))  # the original's side
    source_attachment_id: Mapped[str] = mapped_column(String(64))
    copy_attachment_id: Mapped[str | None] = mapped_column(String(64))
    # What recognises a copy whose upload answer was lost: Tandem's file of this name and size on the twin.
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    # The original file both copy (addon.jobs.attachment_roots): one of them, or a file a third site holds.
    root: Mapped[str | None] = mapped_column(String(255), index=True)

    def attachment_id(self, side: str) -> str | None:
        return self.source_attachment_id if side == self.side else self.copy_attachment_id
