"""Jira's changes as Forge product events, from the Connect webhooks the simulated site fires.

Forge reports an issue's creation, update and deletion, a comment added *or edited* (``avi:jira:commented:issue``:
there is no comment-updated event) and a comment's deletion. It does not report a comment change a second time as
an issue update, as Connect does. Each event names who made the change (``atlassianId``), says whether the app
receiving it made it (``selfGenerated``) and, when the app's write carried ``X-Atlassian-Webhook-Trace``, gives its
value back (``webhookTraceValue``). No delivery identifier is sent.
"""
from __future__ import annotations

ISSUE_EVENTS = {
    "jira:issue_created": "avi:jira:created:issue",
    "jira:issue_updated": "avi:jira:updated:issue",
    "jira:issue_deleted": "avi:jira:deleted:issue",
}
COMMENT_EVENTS = {
    "comment_created": "avi:jira:commented:issue",
    "comment_updated": "avi:jira:commented:issue",
    "comment_deleted": "avi:jira:deleted:comment",
}
COMMENT_ISSUE_UPDATES = ("issue_commented", "issue_comment_edited", "issue_comment_deleted")
EVENT_TYPES = tuple(sorted({*ISSUE_EVENTS.values(), *COMMENT_EVENTS.values()}))


def forge_event(connect_event: str, payload: dict, self_generated: bool, trace: str | None) -> dict | None:
    """The Forge event for one Connect webhook, or None when Forge sends none for it."""
    if connect_event in ISSUE_EVENTS:
        if payload.get("issue_event_type_name") in COMMENT_ISSUE_UPDATES:
            return None  # Connect's second report of a comment change
        event = {"eventType": ISSUE_EVENTS[connect_event], "issue": payload["issue"],
                 "atlassianId": (payload.get("user") or {}).get("accountId")}
        if payload.get("changelog"):
            event["changelog"] = payload["changelog"]
    elif connect_event in COMMENT_EVENTS:
        comment = payload["comment"]
        author = comment.get("updateAuthor") or comment.get("author") or {}
        event = {"eventType": COMMENT_EVENTS[connect_event], "issue": payload["issue"], "comment": comment,
                 "atlassianId": author.get("accountId")}
    else:
        return None
    event["selfGenerated"] = self_generated
    if trace is not None:
        event["webhookTraceValue"] = trace
    return event
