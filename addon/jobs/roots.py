"""Roots: the original an issue or comment is a copy of, whichever connections carried it, and where copies of it
already are.

With three connections in a triangle (A<->B, B<->C, C<->A) a change reaches C twice, directly and through B. Each
pair of twins remembers its root (the original both copy), so that a connection about to copy an issue or comment
into a project first asks whether the project already holds its root or a copy of it, and links to that instead.
The ask and the copy happen under a lease on the root and the target site: two connections copying the same
original into the same project one after the other, never both at once.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError, Kind, Verdict
from addon.db.connection import Connection
from addon.db.link import CommentLink, IssueLink
from addon.jobs.leases import Lease
from addon.sync.replica import CommentReplica

class RootBusy(JiraError):
    """Another worker has been copying this original into the same site for longer than a lease: waited for like
    a busy Jira (the event is retried later), since what it waits on is a call to Jira that has not ended."""

    def __init__(self, root: str):
        super().__init__(Verdict(Kind.TRANSIENT, message=f"another worker is still copying {root} to this site"))


def issue_key_of(base_url: str, issue_id: str) -> str:
    return f"{base_url}#issue-{issue_id}"


def comment_key_of(base_url: str, comment_id: str) -> str:
    return f"{base_url}#comment-{comment_id}"


def _on_side(tenant_id: int, a_column, b_column, value):
    return or_(and_(Connection.a_tenant_id == tenant_id, a_column == str(value)),
               and_(Connection.b_tenant_id == tenant_id, b_column == str(value)))


def issue_root(session: Session, tenant, issue_id: str) -> str:
    """The root of the issue: that of a pair it belongs to (through any connection), or the issue itself."""
    found = session.scalar(select(IssueLink.root).join(Connection, IssueLink.connection_id == Connection.id)
                           .where(_on_side(tenant.id, IssueLink.a_issue_id, IssueLink.b_issue_id, issue_id),
                                  IssueLink.root.is_not(None)).limit(1))
    return found or issue_key_of(tenant.base_url, issue_id)


def issue_holding(session: Session, root: str, tenant_id: int, project_id: str) -> tuple[str, str] | None:
    """(id, key) of an issue of the project that is ``root`` or a copy of it, if there is one."""
    rows = session.execute(select(IssueLink, Connection).join(Connection, IssueLink.connection_id == Connection.id)
                           .where(IssueLink.root == root, Connection.of_project(tenant_id, str(project_id)))
                           .limit(1)).first()
    if rows is None:
        return None
    link, connection = rows
    side = connection.side_of(tenant_id, str(project_id))
    return link.issue_id(side), link.issue_key(side)


def comment_root(session: Session, tenant, comment: CommentReplica) -> str:
    """The root of the comment: that of a pair it belongs to, if it is a copy Tandem made (only a copy carries
    Tandem's origin: an original, most comments, is its own root, told without a look), or the comment itself."""
    comment_id = comment.comment_id
    if not comment.a_copy:
        return comment_key_of(tenant.base_url, comment_id)
    found = session.scalar(
        select(CommentLink.root).join(IssueLink, CommentLink.issue_link_id == IssueLink.id)
        .join(Connection, IssueLink.connection_id == Connection.id)
        .where(_on_side(tenant.id, CommentLink.a_comment_id, CommentLink.b_comment_id, comment_id),
               CommentLink.root.is_not(None)).limit(1))
    return found or comment_key_of(tenant.base_url, comment_id)


def comment_holding(session: Session, root: str, tenant_id: int, issue_id: str) -> str | None:
    """The id of a comment of the issue that is ``root`` or a copy of it, if there is one."""
    rows = session.execute(
        select(CommentLink, IssueLink, Connection).join(IssueLink, CommentLink.issue_link_id == IssueLink.id)
        .join(Connection, IssueLink.connection_id == Connection.id)
        .where(CommentLink.root == root, CommentLink.deleted.is_(False),
               _on_side(tenant_id, IssueLink.a_issue_id, IssueLink.b_issue_id, issue_id)).limit(1)).first()
    if rows is None:
        return None
    comment_link, issue_link, connection = rows
    side = "a" if (connection.a_tenant_id, issue_link.a_issue_id) == (tenant_id, str(issue_id)) else "b"
    return comment_link.comment_id(side)


@contextmanager
def copying(db, tenant_id: int, root: str, seconds: float):
    """Held while a connection looks for a copy of ``root`` on the site ``tenant_id`` and makes one if none."""
    lease = Lease(db, tenant_id, "copy:" + hashlib.sha1(root.encode()).hexdigest(), seconds)
    if not lease.wait(seconds):
        raise RootBusy(root)
    try:
        yield
    finally:
        lease.release()
