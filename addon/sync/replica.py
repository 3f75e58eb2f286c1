"""Replicas: the neutral message between halves, built from a source issue by the outgoing half."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import copy

from addon.sync.adf import EMPTY_DOC
from addon.sync.field_types import CASCADE_SEPARATOR
from addon.sync.people import is_person, person_value
from addon.sync.statuses import status_leaves

JSM_PUBLIC_PROPERTY = "sd.public.comment"
# Written by Tandem on every copy it makes (issue and comment): where it came from, and on a comment, who wrote the
# original and when, so that a copy carried on by another connection still names them.
ORIGIN_PROPERTY = "tandem.origin"
JIRA_TIME = "%Y-%m-%dT%H:%M:%S.%f%z"


@dataclass(frozen=True)
class IssueReplica:
    issue_id: str
    issue_key: str
    project_id: str
    issue_type: str
    # field id -> neutral value (text, ADF, names instead of objects)
    fields: dict
    parent_id: str | None = None  # a sub-task's parent, on the source side
    status: str | None = None  # its status by name, when the outgoing half sends it


@dataclass(frozen=True)
class CommentReplica:
    comment_id: str
    author: str
    created: datetime | None
    body: dict
    visibility: str  # public | internal | standard | restricted
    # Whether it carries Tandem's origin: only such a comment can be a copy of another, with a root of its own.
    a_copy: bool = False


def issue_replica(issue: dict, outgoing: dict) -> IssueReplica | None:
    """None when the issue is out of the outgoing scope."""
    source = issue.get("fields") or {}
    issue_type = (source.get("issuetype") or {}).get("name", "")
    if outgoing["issue_types"] and issue_type not in outgoing["issue_types"]:
        return None
    values = {field: neutral_value(field, source.get(field)) for field in outgoing["fields"] if field in source}
    project = source.get("project") or {}
    parent = source.get("parent") or {}
    status = (source.get("status") or {}).get("name") if status_leaves(outgoing) else None
    return IssueReplica(str(issue["id"]), issue.get("key", ""), str(project.get("id", "")), issue_type, values,
                        str(parent["id"]) if parent.get("id") is not None else None, status)


def neutral_value(field: str, value):
    """Site-independent form: ids mean nothing on the other side, names do. People keep their account id and
    what may find them on another site; the receiving side maps them, and the mentions in rich text
    (addon.sync.people)."""
    if field == "description" or _is_adf(value):
        return _rich_text(value) if value else None
    if isinstance(value, list):
        return [neutral_value(field, item) for item in value]
    if is_person(value):
        return person_value(value)
    if isinstance(value, dict) and isinstance(value.get("child"), dict):  # a cascading select: "Parent / Child"
        return f"{value.get('value')}{CASCADE_SEPARATOR}{value['child'].get('value')}"
    if isinstance(value, dict):
        for key in ("value", "name", "displayName"):
            if key in value:
                return value[key]
    return value


def _rich_text(document: dict | None) -> dict:
    return copy.deepcopy(document) if document else copy.deepcopy(EMPTY_DOC)


def _is_adf(value) -> bool:
    return isinstance(value, dict) and value.get("type") == "doc"


def comment_visibility(comment: dict, service_desk: bool) -> str:
    if comment.get("visibility"):  # restricted to a project role or a group, on any kind of project
        return "restricted"
    if not service_desk:
        return "standard"
    if "jsdPublic" in comment:
        return "public" if comment["jsdPublic"] else "internal"
    for prop in comment.get("properties") or []:
        if prop.get("key") == JSM_PUBLIC_PROPERTY and (prop.get("value") or {}).get("internal"):
            return "internal"
    return "public"


def comment_replica(comment: dict, service_desk: bool, outgoing: dict) -> CommentReplica | None:
    """None when comments of this visibility do not leave the side."""
    visibility = comment_visibility(comment, service_desk)
    if visibility not in outgoing["comments"]:
        return None
    copied = _copied_from(comment)
    if copied:  # a copy Tandem made, carried on: as the original, not as Tandem's comment quoting it
        body = comment.get("body") or {}
        if copied.get("enriched"):
            body = {**body, "content": (body.get("content") or [])[1:]}
        return CommentReplica(str(comment["id"]), str(copied["author"]), _parse_time(copied.get("created")),
                              _rich_text(body), visibility, a_copy=True)
    author = (comment.get("author") or {}).get("displayName", "Someone")
    return CommentReplica(str(comment["id"]), author, _parse_time(comment.get("created")),
                          _rich_text(comment.get("body")), visibility,
                          a_copy=any(prop.get("key") == ORIGIN_PROPERTY for prop in comment.get("properties") or []))


def _copied_from(comment: dict) -> dict | None:
    """The origin Tandem wrote on a copy, when it names the original's author."""
    for prop in comment.get("properties") or []:
        value = prop.get("value")
        if prop.get("key") == ORIGIN_PROPERTY and isinstance(value, dict) and value.get("author"):
            return value
    return None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, JIRA_TIME)
    except ValueError:
        return None
