"""Planning: a replica, the receiving side's incoming half and the link state -> operations.

The planner decides; it never calls anything. A configuration that cannot be
applied (an unmapped value set to "report an error", an unknown request type)
raises PlanError with a message for the admin.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from addon.sync.adf import enriched, fingerprint
from addon.sync.field_writing import field_write
from addon.sync.halves import ALL_TYPES, REQUEST_TYPE
from addon.sync.replica import CommentReplica, IssueReplica


class PlanError(Exception):
    """The configuration cannot be applied to this item; the message says why, by name."""


@dataclass(frozen=True)
class Target:
    """What the planner must know of the receiving project."""

    project_id: str
    is_service_desk: bool
    issue_types: dict  # name -> id
    request_types: dict = field(default_factory=dict)  # name -> id
    request_type_field: str | None = None
    field_schemas: dict = field(default_factory=dict)  # field id -> Jira schema
    subtask_types: frozenset = frozenset()  # names of the project's sub-task issue types
    # field id -> names of the components or versions the project has (read only for fields the half writes)
    choices: dict = field(default_factory=dict)
    field_names: dict = field(default_factory=dict)  # field id -> its name, for the history's notes


@dataclass(frozen=True)
class CreateIssue:
    fields: dict  # in Jira's write format
    written: dict  # neutral values, remembered on the link
    parent_of: str | None = None  # the source issue id of its parent (a sub-task's, an epic's child's), whose twin is the parent here
    creates: tuple = ()  # components and versions to create first (addon.sync.field_writing)
    notes: tuple = ()  # values left out, and why
    sent: dict | None = None  # what the twin will hold, where less than ``written`` (values left out)


@dataclass(frozen=True)
class UpdateIssue:
    fields: dict
    written: dict
    creates: tuple = ()
    notes: tuple = ()
    sent: dict | None = None


@dataclass(frozen=True)
class AddComment:
    body: dict
    visibility: str
    fingerprint: str


@dataclass(frozen=True)
class EditComment:
    comment_id: str
    body: dict
    fingerprint: str


@dataclass(frozen=True)
class SetCommentVisibility:
    comment_id: str
    visibility: str  # public | internal: only a service desk's comments have a visibility to set


@dataclass(frozen=True)
class DeleteComment:
    comment_id: str
    withdrawn: bool = False  # the original still exists, but may no longer be seen on this side


def plan_issue(replica: IssueReplica, incoming: dict, target: Target, written: dict | None) -> list:
    """``written`` is what we last wrote on the twin, or None when there is no twin yet."""
    values = _mapped_values(replica, incoming)
    if written is None:
        return _plan_create(replica, incoming, target, values)
    changed = {name: value for name, value in values.items() if written.get(name) != value}
    if not changed:
        return []
    write = field_write(changed, incoming, target)
    return [UpdateIssue(write.fields, changed, write.creates, write.notes, write.sent)]


def _plan_create(replica: IssueReplica, incoming: dict, target: Target, values: dict) -> list:
    if not incoming["create_issues"]:
        return []
    type_name = target_issue_type(replica.issue_type, incoming, target)
    if type_name is None:
        return []
    values = {**_defaults_for(type_name, incoming, target), **values}
    request_type = values.pop(REQUEST_TYPE, None)
    write = field_write(values, incoming, target)
    fields = write.fields
    fields.update(project={"id": target.project_id}, issuetype={"id": target.issue_types[type_name]})
    if request_type is not None:
        fields[_request_type_field(target)] = _request_type_id(request_type, target)
    # A sub-task needs its parent; an epic's child keeps it where the epic has a twin (the executor decides).
    return [CreateIssue(fields, values, replica.parent_id, write.creates, write.notes, write.sent)]


def without_parent(operation: CreateIssue, incoming: dict, target: Target) -> CreateIssue | None:
    """A sub-task whose parent has no twin (out of scope, or not created): created as the half's fallback issue
    type on its own when the half says so (``subtasks_without_parent: "fallback"``), else not at all."""
    fallback = incoming["fallback_issue_type"]
    if incoming["subtasks_without_parent"] != "fallback" or not fallback or fallback in target.subtask_types \
            or fallback not in target.issue_types:
        return None
    return replace(operation, fields={**operation.fields, "issuetype": {"id": target.issue_types[fallback]}},
                   parent_of=None)


def target_issue_type(source_type: str, incoming: dict, target: Target) -> str | None:
    """The issue type on the receiving side, or None when this type is not synced."""
    mapped = incoming["issue_types"].get(source_type)
    if mapped is not None:
        if mapped not in target.issue_types:
            raise PlanError(f"issue type {source_type!r} maps to {mapped!r}, which the target project does not have")
        return mapped
    if incoming["mirror_issue_types"] and source_type in target.issue_types:
        return source_type
    fallback = incoming["fallback_issue_type"]
    if fallback and fallback in target.issue_types:
        return fallback
    return None


def _mapped_values(replica: IssueReplica, incoming: dict) -> dict:
    return _mapped_fields(replica.fields, incoming)


def _mapped_fields(source_values: dict, incoming: dict) -> dict:
    values = {}
    for source_field, target_field in incoming["fields"].items():
        if source_field not in source_values:
            continue
        value = _map_value(source_field, source_values[source_field], incoming["value_maps"].get(source_field))
        if value is not _IGNORED:
            values[target_field] = value
    return values


def echo_of(written: dict, back_outgoing: dict, back_incoming: dict) -> dict:
    """What the opposite direction would carry back, given the values we just wrote on the twin.

    Remembered as already written on the source side, so that the twin's
    values are not sent back to the issue they came from.
    """
    leaving = {name: value for name, value in written.items() if name in back_outgoing["fields"]}
    try:
        return _mapped_fields(leaving, back_incoming)
    except PlanError:
        return {}


_IGNORED = object()


def _map_value(field_name: str, value, value_map: dict | None):
    if value_map is None or value is None:
        return value
    if isinstance(value, list):
        mapped = [_map_value(field_name, item, value_map) for item in value]
        return [item for item in mapped if item is not _IGNORED]
    if value in value_map["values"]:
        return value_map["values"][value]
    if value_map["if_no_match"] == "default":
        return value_map["default"]
    if value_map["if_no_match"] == "error":
        raise PlanError(f"value {value!r} of field {field_name!r} has no match in the value map")
    return _IGNORED


def _defaults_for(type_name: str, incoming: dict, target: Target) -> dict:
    defaults = incoming["defaults"]
    return {**defaults.get(ALL_TYPES, {}), **defaults.get(type_name, {})}


def _request_type_field(target: Target) -> str:
    if not target.request_type_field:
        raise PlanError("a Customer Request Type is configured, but the target site has no Customer Request Type "
                        "field (is it a Jira Service Management site?)")
    return target.request_type_field


def _request_type_id(name: str, target: Target) -> str:
    if name not in target.request_types:
        raise PlanError(f"request type {name!r} does not exist in the target service project")
    # Jira takes the request type's id as a plain string here; the object form is refused.
    return str(target.request_types[name])


@dataclass(frozen=True)
class CommentCopy:
    """What we last wrote as the copy of a comment: its id, the body's fingerprint and its visibility (None:
    not known, for copies written before visibilities were remembered)."""

    comment_id: str
    fingerprint: str | None
    visibility: str | None


def plan_comment(comment: CommentReplica | None, incoming: dict, target: Target, last: CommentCopy | None) -> list:
    """``comment`` is None when the original no longer leaves its side (restricted or made internal since);
    ``last`` is None when it has no copy. A copy whose original may no longer be sent is withdrawn (deleted):
    a restricted or internal comment must not stay readable on the other side."""
    visibility = _copy_visibility(comment, incoming, target)
    if visibility is None:
        return [DeleteComment(last.comment_id, withdrawn=True)] if last else []
    settings = incoming["comments"]
    body = enriched(comment.body, comment.author, comment.created) if settings["enriched"] else comment.body
    body_print = fingerprint(body)
    if last is None:
        return [AddComment(body, visibility, body_print)]
    operations = [] if last.fingerprint == body_print else [EditComment(last.comment_id, body, body_print)]
    if target.is_service_desk and last.visibility != visibility:
        operations.append(SetCommentVisibility(last.comment_id, visibility))
    return operations


def _copy_visibility(comment: CommentReplica | None, incoming: dict, target: Target) -> str | None:
    """The copy's visibility, or None when the comment is not taken in."""
    settings = incoming["comments"]
    mapped = settings["visibility"].get(comment.visibility) if comment else None
    if not settings["enabled"] or mapped is None:
        return None
    return _target_visibility(mapped, target)


def _target_visibility(visibility: str, target: Target) -> str:
    if not target.is_service_desk:
        return "standard"
    return "internal" if visibility == "internal" else "public"


def plan_comment_deletion(last: CommentCopy | None) -> list:
    return [DeleteComment(last.comment_id)] if last else []
