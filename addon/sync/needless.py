"""Webhooks that carry nothing across, told from their payload alone.

Half of what Jira sends a synced project is of this kind: the echo of each change Tandem wrote (unless the project
has another connection, for which it is a change to carry), and the issue update that comes with every comment.
The web process stores them as done, with the reason, so that no worker is woken for them (addon.web.webhooks).
"""
from __future__ import annotations

from addon.sync.loop_guard import echo_for_every_connection

MADE_BY_TANDEM = "made by Tandem itself: not synced back"
ONLY_A_COMMENT = "an issue update that only reports a comment: the comment's own event carries it"
COMMENT_ISSUE_UPDATES = ("issue_commented", "issue_comment_edited", "issue_comment_deleted")


def only_reports_a_comment(payload: dict) -> bool:
    """Jira tells each comment change twice: as comment_* and as an issue update without a changelog. That
    update changes no field of the issue, so reading the issue for it would find nothing to carry."""
    return (payload.get("webhookEvent") == "jira:issue_updated"
            and payload.get("issue_event_type_name") in COMMENT_ISSUE_UPDATES
            and not (payload.get("changelog") or {}).get("items"))


def nothing_to_carry(payload: dict, app_account_id: str | None) -> str | None:
    """Why this webhook needs no processing, or None if it may. ``app_account_id``: Tandem's own user on the
    site, None while not known yet (the worker's loop guard then decides)."""
    if echo_for_every_connection(payload, app_account_id):
        return MADE_BY_TANDEM
    if only_reports_a_comment(payload):
        return ONLY_A_COMMENT
    return None
