"""Forge product events in the inbox's vocabulary: the one translation layer of the Forge door.

Below this module nothing knows an event came through Forge: each becomes the webhook the engine already handles
(``jira:issue_created``, ``jira:issue_updated``, ``jira:issue_deleted``, ``comment_created``, ``comment_updated``,
``comment_deleted``), carrying the issue, the comment and who made the change (``user.accountId``). Forge's
``webhookTraceValue`` (the trace Tandem's write carried) and ``selfGenerated`` (Forge's word that the app made the
change) become the loop guard's own marks, as the Connect door's trace does.

``avi:jira:commented:issue`` reports a new comment and an edit alike: it becomes ``comment_updated`` when the
comment was edited (``updated`` after ``created``), else ``comment_created``; the engine treats both the same way
(it edits the copy it made before, or adds one), so an edit never makes a second copy.

Forge sends no delivery identifier, and retries a delivery (4 times) with the same event. The key that
deduplicates is derived from what makes an event one change: the installation, the event type, the entity and
the version of it the event reports. That version is the changelog id for an issue update (one per change, so
two quick updates in the same second stay two), the comment's ``updated`` time for a comment (an edit changes
it), and nothing for a creation or deletion (each happens once). The event's own timestamp is not used: Forge
does not document one on these events, and a retry could carry another.
"""
from __future__ import annotations

import hashlib

from addon.sync.loop_guard import MADE_BY_APP_KEY, TRACE_KEY

ISSUE_EVENTS = {
    "avi:jira:created:issue": ("jira:issue_created", "issue_created"),
    "avi:jira:updated:issue": ("jira:issue_updated", "issue_updated"),
    "avi:jira:deleted:issue": ("jira:issue_deleted", "issue_deleted"),
}
COMMENTED = "avi:jira:commented:issue"
COMMENT_DELETED = "avi:jira:deleted:comment"


class NotAnEvent(ValueError):
    """The body is not a Forge event Tandem can read; the reason is safe to answer with."""


def inbox_event(event: dict) -> dict | None:
    """The webhook payload the engine handles, or None for an event type Tandem does not subscribe to."""
    event_type = event.get("eventType")
    issue = event.get("issue")
    if not isinstance(event_type, str):
        raise NotAnEvent("the event has no eventType")
    if event_type not in ISSUE_EVENTS and event_type not in (COMMENTED, COMMENT_DELETED):
        return None
    if not isinstance(issue, dict) or issue.get("id") is None:
        raise NotAnEvent(f"the {event_type} event names no issue")
    marks = _loop_guard_marks(event)
    actor = {"user": {"accountId": event["atlassianId"]}} if isinstance(event.get("atlassianId"), str) else {}
    if event_type in ISSUE_EVENTS:
        kind, type_name = ISSUE_EVENTS[event_type]
        changelog = {"changelog": event["changelog"]} if isinstance(event.get("changelog"), dict) else {}
        return {"webhookEvent": kind, "issue_event_type_name": type_name, "issue": issue, **changelog, **actor,
                **marks}
    comment = event.get("comment")
    if not isinstance(comment, dict) or comment.get("id") is None:
        raise NotAnEvent(f"the {event_type} event names no comment")
    return {"webhookEvent": _comment_kind(event_type, comment), "issue": issue, "comment": comment, **actor, **marks}


def _loop_guard_marks(event: dict) -> dict:
    marks = {TRACE_KEY: event["webhookTraceValue"]} if isinstance(event.get("webhookTraceValue"), str) else {}
    return {**marks, MADE_BY_APP_KEY: True} if event.get("selfGenerated") is True else marks


def _comment_kind(event_type: str, comment: dict) -> str:
    if event_type == COMMENT_DELETED:
        return "comment_deleted"
    edited = comment.get("updated") and comment.get("created") and comment["updated"] != comment["created"]
    return "comment_updated" if edited else "comment_created"


def dedupe_key(installation_id: str, event: dict) -> str:
    """The inbox identifier of a Forge event: the same for every retry of one change, different between changes."""
    event_type = event["eventType"]
    issue_id = str(event["issue"]["id"])
    if event_type in (COMMENTED, COMMENT_DELETED):
        comment = event["comment"]
        parts = [issue_id, f"comment {comment['id']}", str(comment.get("updated") or "")
                 if event_type == COMMENTED else "deleted"]
    elif event_type == "avi:jira:updated:issue":
        parts = [issue_id, str((event.get("changelog") or {}).get("id") or (event["issue"].get("fields") or {})
                               .get("updated") or "")]
    else:
        parts = [issue_id]
    composite = "\n".join([installation_id, event_type, *parts])
    return "forge:" + hashlib.sha256(composite.encode()).hexdigest()
