"""Parents across a pair: an epic's child (and a sub-task) keeps its parent link on the twins when both issues are
in scope, whichever kind of project (company- or team-managed: Jira Cloud names the epic in the ``parent`` field of
both since the Epic Link field was retired).

The twin of the parent is set at the create (addon.jobs.sync_event); a child moved to another parent later is moved
on its twin. What was set is remembered on the link under ``PARENT`` on both sides, as the opposite direction would
carry it back, so that the move is not sent back.
"""
from __future__ import annotations

from addon.db import history
from addon.jobs import links
from addon.sync.planner import CreateIssue

PARENT = "parent"


def is_subtask(operation: CreateIssue, target) -> bool:
    subtask_ids = {target.issue_types[name] for name in target.subtask_types if name in target.issue_types}
    return operation.fields["issuetype"]["id"] in subtask_ids


def carry_parent(sync, replica, link) -> None:
    """Moves the twin under the twin of the original's parent when that is not where Tandem last put it."""
    route = sync.route
    parent_link = links.find_issue_link(sync.session, route.connection.id, route.side, replica.parent_id) \
        if replica.parent_id else None
    if parent_link is None or parent_link.unlinked_side:
        return  # no parent, or one without a twin: nothing to keep
    twin_parent = parent_link.issue_id(route.other)
    if links.written_on(link, route.other).get(PARENT) != twin_parent:
        twin_key = link.issue_key(route.other)
        sync.journal.attempt(f"move {twin_key} under {parent_link.issue_key(route.other)}", route.target)
        sync.target_api.edit_issue(link.issue_id(route.other), {"parent": {"id": twin_parent}})
        sync.journal.applied(history.UPDATED_FIELDS, twin_key, "parent")
    elif links.written_on(link, route.side).get(PARENT) == replica.parent_id:
        return  # as remembered on both sides: nothing to write
    links.lock_latest(sync.session, link)
    links.set_written(link, route.other, {PARENT: twin_parent})
    links.set_written(link, route.side, {PARENT: replica.parent_id})
