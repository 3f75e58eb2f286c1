"""Reading and writing links between twins (issues and comments) for one connection."""
from __future__ import annotations

import json

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from addon.db.base import utcnow
from addon.db.link import CommentLink, IssueLink
from addon.sync.planner import CommentCopy


# Fingerprint of a copy found again (after a crash, or made by an earlier connection): unknown, so the next edit of
# the original is sent.
RECOVERED_COPY = "recovered"


# Looked up on every event: statements built once, for each side (building one costs more than running it).
ISSUE_LINK_OF = {side: select(IssueLink).where(IssueLink.connection_id == bindparam("connection_id"),
                                               getattr(IssueLink, f"{side}_issue_id") == bindparam("issue_id"))
                 for side in "ab"}
COMMENT_LINK_OF = {side: select(CommentLink).where(CommentLink.issue_link_id == bindparam("issue_link_id"),
                                                   getattr(CommentLink, f"{side}_comment_id") == bindparam("comment_id"))
                   for side in "ab"}


def find_issue_link(session: Session, connection_id: int, side: str, issue_id: str) -> IssueLink | None:
    return session.scalars(ISSUE_LINK_OF[side], {"connection_id": connection_id,
                                                 "issue_id": str(issue_id)}).one_or_none()


def add_issue_link(session: Session, connection_id: int, side: str, source: tuple[str, str],
                   twin: tuple[str, str], root: str | None = None) -> IssueLink:
    """``source`` and ``twin`` are (issue id, key), ``source`` being on ``side``; ``root``: see addon.jobs.roots."""
    a, b = (source, twin) if side == "a" else (twin, source)
    link = IssueLink(connection_id=connection_id, a_issue_id=a[0], a_issue_key=a[1], b_issue_id=b[0],
                     b_issue_key=b[1], a_written="{}", b_written="{}", root=root)
    session.add(link)
    session.flush()
    return link


LINKS = IssueLink.__table__
# Changes nothing, but locks the link's row (PostgreSQL) or takes the database's write lock (SQLite) until commit,
# and reads what the link remembers as written, in the same round trip.
LOCK_AND_READ_WRITTEN = (update(LINKS).where(LINKS.c.id == bindparam("link_id")).values(id=LINKS.c.id)
                         .returning(LINKS.c.a_written, LINKS.c.b_written))


def lock_latest(session: Session, link: IssueLink) -> None:
    """Locks the link and reads what it remembers as written now. Both directions of a pair write the state of
    both sides, each drain after its own calls to Jira: merging into the state it read before those calls would
    erase what the other direction wrote meanwhile."""
    latest = session.execute(LOCK_AND_READ_WRITTEN, {"link_id": link.id}).one()
    set_committed_value(link, "a_written", latest.a_written)
    set_committed_value(link, "b_written", latest.b_written)


def written_on(link: IssueLink, side: str) -> dict:
    return json.loads(link.a_written if side == "a" else link.b_written)


def set_written(link: IssueLink, side: str, values: dict) -> None:
    merged = json.dumps({**written_on(link, side), **values}, sort_keys=True)
    if side == "a":
        link.a_written = merged
    else:
        link.b_written = merged
    link.last_synced_at = utcnow()


def find_comment_link(session: Session, issue_link_id: int, side: str, comment_id: str) -> CommentLink | None:
    return session.scalars(COMMENT_LINK_OF[side], {"issue_link_id": issue_link_id,
                                                   "comment_id": str(comment_id)}).one_or_none()


def add_comment_link(session: Session, issue_link_id: int, side: str, source_id: str, twin_id: str,
                     twin_print: str, twin_visibility: str | None = None,
                     withdrawn: CommentLink | None = None, root: str | None = None) -> CommentLink:
    """``withdrawn``: the link of an earlier copy we withdrew, given a new copy instead of a second row."""
    a, b = (source_id, twin_id) if side == "a" else (twin_id, source_id)
    link = withdrawn or CommentLink(issue_link_id=issue_link_id)
    link.root = root or link.root
    link.a_comment_id, link.b_comment_id, link.deleted = str(a), str(b), False
    twin_side = "b" if side == "a" else "a"
    set_comment_print(link, twin_side, twin_print)
    set_comment_visibility(link, twin_side, twin_visibility)
    session.add(link)
    return link


def copy_of(link: CommentLink | None, side: str) -> CommentCopy | None:
    """What we last wrote as the copy on ``side``; None when there is no live copy."""
    if link is None or link.deleted:
        return None
    visibility = link.a_visibility if side == "a" else link.b_visibility
    return CommentCopy(link.comment_id(side), comment_print_on(link, side), visibility)


def set_comment_visibility(link: CommentLink, side: str, value: str | None) -> None:
    if side == "a":
        link.a_visibility = value
    else:
        link.b_visibility = value


def set_comment_print(link: CommentLink, side: str, value: str) -> None:
    if side == "a":
        link.a_written = value
    else:
        link.b_written = value


def comment_print_on(link: CommentLink, side: str) -> str | None:
    return link.a_written if side == "a" else link.b_written


def is_our_copy(link: CommentLink, side: str) -> bool:
    """Whether the comment on ``side`` is the copy Tandem wrote: only originals travel."""
    return comment_print_on(link, side) is not None
