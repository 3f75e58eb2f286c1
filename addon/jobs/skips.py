"""Why an item was not carried across, in the words the history shows an admin.

Pure functions of the route (``sync_event.Route``) and what was read; the executor decides when to tell them.
"""
from __future__ import annotations

from addon.sync.replica import IssueReplica, comment_visibility


def issue_not_sent(route, label: str, issue: dict | None) -> str:
    if issue is None:
        return f"{label} no longer exists"
    type_name = ((issue.get("fields") or {}).get("issuetype") or {}).get("name")
    return f"side {route.side.upper()} does not send issues of type {type_name}"


def issue_not_created(route, replica: IssueReplica) -> str:
    if not route.incoming["create_issues"]:
        return (f"side {route.other.upper()} ({route.target_project_key}) does not create issues "
                f"from side {route.side.upper()}")
    return f"issue type {replica.issue_type} has no counterpart in {route.target_project_key}"


def comment_not_sent(route, label: str, comment_id: str, comment: dict | None, service_desk: bool) -> str:
    if comment is None:
        return f"comment {comment_id} of {label} no longer exists"
    return f"side {route.side.upper()} does not send {comment_visibility(comment, service_desk)} comments"


def comment_not_taken(route, visibility: str) -> str:
    return f"side {route.other.upper()} takes in no {visibility} comments"
