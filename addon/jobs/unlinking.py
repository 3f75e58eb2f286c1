"""A deleted issue of a pair: the pair is unlinked, the history says so, and nothing waits in the error list.

Jira says so with ``jira:issue_deleted``; a write refused with 404 says the same when that webhook was lost or
comes later (Jira answers 404 too for an issue the app may no longer see: that pair is unlinked as well, and the
history tells it). What happens next is the half's ``incoming.when_twin_deleted`` of the side whose issue went:
``keep_unlinked`` (default: the other issue stays, its changes are no longer carried) or ``recreate`` (its next
change makes a new twin).
"""
from __future__ import annotations

from sqlalchemy import delete

from addon.connectors.jira import JiraError
from addon.db import history
from addon.db.connection import other_side
from addon.db.link import CommentLink, IssueLink

RECREATE = "recreate"


def is_gone(error: JiraError) -> bool:
    return error.verdict.status == 404


def unlink(sync, link: IssueLink, deleted_side: str) -> None:
    """``sync``: the EventSync that learnt of it. Records the deletion, and takes the survivor's link to the
    deleted issue away, so that its people are not sent to an issue that is no more."""
    route, survivor = sync.route, other_side(deleted_side)
    link.unlinked_side = deleted_side
    gone, kept = link.issue_key(deleted_side), link.issue_key(survivor)
    api, site = (sync.source_api, route.source) if survivor == route.side else (sync.target_api, route.target)
    sync.journal.attempt(f"remove the link of {kept} to its deleted synced issue {gone}", site)
    try:
        api.delete_remote_link(link.issue_id(survivor), f"tandem:{route.connection.id}:{deleted_side}:{gone}")
    except JiraError as error:
        if not is_gone(error):
            raise
    sync.journal.applied(history.UNLINKED, kept, f"{gone} was deleted: {kept} stays, no longer synced with it")


def recreating(session, route, link: IssueLink) -> bool:
    """Whether the source issue of an unlinked pair gets a new twin: its old twin was deleted, and the half of
    that side says so. The old pair is then forgotten, its comments' links with it."""
    if link.unlinked_side != route.other or route.incoming["when_twin_deleted"] != RECREATE:
        return False
    session.execute(delete(CommentLink).where(CommentLink.issue_link_id == link.id))
    session.delete(link)
    session.flush()
    return True
