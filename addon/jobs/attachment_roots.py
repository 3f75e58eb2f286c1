"""Roots of attachments, as addon.jobs.roots has them for issues and comments: the original file that a file and
its copies (through any connection) stand for. In a triangle of connections a file reaches a site by two paths;
the second finds the copy the first made, by its root, and links it instead of copying the file again (which would
then travel on, round the triangle, for ever)."""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from addon.db.attachment_link import COPIED, AttachmentLink
from addon.db.connection import Connection
from addon.db.link import IssueLink


def file_key_of(base_url: str, attachment_id: str) -> str:
    return f"{base_url}#attachment-{attachment_id}"


def _source_on(tenant_id: int):
    """The row's original is on the site ``tenant_id``."""
    return or_(and_(AttachmentLink.side == "a", Connection.a_tenant_id == tenant_id),
               and_(AttachmentLink.side == "b", Connection.b_tenant_id == tenant_id))


def _copy_on(tenant_id: int):
    return or_(and_(AttachmentLink.side == "a", Connection.b_tenant_id == tenant_id),
               and_(AttachmentLink.side == "b", Connection.a_tenant_id == tenant_id))


def _joined(*columns):
    return (select(*columns).join(IssueLink, AttachmentLink.issue_link_id == IssueLink.id)
            .join(Connection, IssueLink.connection_id == Connection.id))


def file_root(session: Session, tenant, attachment_id: str) -> str:
    """The root of the file: that of a pair of files it belongs to (through any connection), or the file itself."""
    found = session.scalar(_joined(AttachmentLink.root).where(
        AttachmentLink.root.is_not(None),
        or_(and_(_source_on(tenant.id), AttachmentLink.source_attachment_id == attachment_id),
            and_(_copy_on(tenant.id), AttachmentLink.copy_attachment_id == attachment_id))).limit(1))
    return found or file_key_of(tenant.base_url, attachment_id)


def file_holding(session: Session, root: str, tenant_id: int, issue_id: str) -> str | None:
    """The id of a file of the issue that is ``root`` or a copy of it, if there is one."""
    rows = session.execute(_joined(AttachmentLink, IssueLink, Connection).where(
        AttachmentLink.root == root, AttachmentLink.state == COPIED,
        or_(and_(Connection.a_tenant_id == tenant_id, IssueLink.a_issue_id == str(issue_id)),
            and_(Connection.b_tenant_id == tenant_id, IssueLink.b_issue_id == str(issue_id)))).limit(1)).first()
    if rows is None:
        return None
    row, issue_link, connection = rows
    side = "a" if (connection.a_tenant_id, issue_link.a_issue_id) == (tenant_id, str(issue_id)) else "b"
    return row.attachment_id(side)
