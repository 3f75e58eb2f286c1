"""Webhook payloads shaped like the ones Jira Cloud sends.

Deviation, chosen for the project: descriptions and comment bodies are ADF (as in REST v3);
real webhooks carry them as wiki-markup strings.
"""
import time
from typing import Any

from . import adf
from .fields import FieldDef
from .links import Links
from .model import Comment, Issue, User
from .views import comment_json, issue_json, user_json

# What comment webhooks tell about the issue (Jira sends a reduced issue with them).
COMMENT_EVENT_ISSUE_FIELDS = ("summary", "issuetype", "project", "assignee", "priority", "status")


def _envelope(event: str) -> dict:
    return {"timestamp": int(time.time() * 1000), "webhookEvent": event}


def issue_event(
    event: str,
    event_type_name: str,
    issue: Issue,
    fields: list[FieldDef],
    actor: User,
    links: Links,
    **extra: Any,
) -> dict:
    """``jira:issue_created`` / ``_updated`` / ``_deleted``; ``extra`` adds changelog or comment."""
    return {
        **_envelope(event),
        "issue_event_type_name": event_type_name,
        "user": user_json(actor, links),
        "issue": issue_json(issue, fields, links),
        **extra,
    }


def comment_event(event: str, issue: Issue, comment: Comment, all_fields: dict[str, FieldDef], links: Links) -> dict:
    """``comment_created`` / ``comment_updated`` / ``comment_deleted``: no ``user``, the comment says who."""
    reduced = [all_fields[field_id] for field_id in COMMENT_EVENT_ISSUE_FIELDS]
    return {
        **_envelope(event),
        "comment": comment_json(issue, comment, links),
        "issue": issue_json(issue, reduced, links),
        "eventType": "primaryAction",
    }


def changelog(changelog_id: str, changes: list[tuple[FieldDef, Any, Any]]) -> dict:
    return {"id": changelog_id, "items": [_changelog_item(f, old, new) for f, old, new in changes]}


def _changelog_item(field: FieldDef, old: Any, new: Any) -> dict:
    old_id, old_text = _changelog_value(field, old)
    new_id, new_text = _changelog_value(field, new)
    return {
        "field": field.changelog_name,
        "fieldtype": "custom" if field.custom else "jira",
        "fieldId": field.id,
        "from": old_id,
        "fromString": old_text,
        "to": new_id,
        "toString": new_text,
    }


def _changelog_value(field: FieldDef, value: Any) -> tuple[str | None, str | None]:
    """(from/to, fromString/toString) as Jira writes them for a value of this field."""
    if value is None or value == []:
        return None, None
    kind = field.value_type
    if kind in ("issuetype", "priority", "status", "resolution", "sd-customerrequesttype"):
        return value.id, value.name
    if kind == "option":
        return value.id, value.value
    if kind == "issuelink":
        return value.id, value.key
    if kind == "user":
        return value.account_id, value.display_name
    if kind == "date":
        return value, f"{value} 00:00:00.0"
    if kind == "array" and field.schema.get("items") == "user":
        return ", ".join(user.account_id for user in value), ", ".join(user.display_name for user in value)
    if kind == "array" and field.item_type == "string":
        return None, " ".join(value)
    if kind == "array":  # options, components or versions
        return ", ".join(item.id for item in value), ", ".join(_choice_name(item) for item in value)
    if kind == "option-with-child":
        return value.parent.id, value.parent.value + (f" - {value.child.value}" if value.child else "")
    if kind == "doc":
        return None, adf.plain_text(value)
    return None, str(value)


def _choice_name(choice) -> str:
    return getattr(choice, "value", None) or choice.name


def commented_issue_event(
    event_type_name: str, issue: Issue, fields: list[FieldDef], actor: User, comment: Comment, links: Links
) -> dict:
    """Jira also reports comment changes as issue updates, with the comment.

    ``event_type_name``: "issue_commented", "issue_comment_edited" or "issue_comment_deleted".
    """
    return issue_event(
        "jira:issue_updated", event_type_name, issue, fields, actor, links,
        comment=comment_json(issue, comment, links),
    )
