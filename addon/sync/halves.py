"""A side's half of a connection: what leaves the side (outgoing) and how arrivals apply (incoming).

A half is a plain JSON document, validated by these schemas whenever it is saved.
Names of issue types and request types are kept as names (what admins see); ids
are resolved against the site when a plan is executed.
"""
from __future__ import annotations

import copy

from marshmallow import Schema, ValidationError, validate
from marshmallow import fields as mf

from addon.sync.attachments import IncomingAttachmentsSchema, default_attachments
from addon.sync.people import IncomingPeopleSchema, default_people
from addon.sync.statuses import IncomingStatusSchema

# Where a comment may be seen: by the customer (public) or agents only (internal) on a service desk, by whoever
# sees the issue elsewhere (standard), or only by a project role or group (restricted, on any project). A copy is
# never restricted: the other site has no such role or group, so restricted comments leave only when mapped.
VISIBILITIES = ("public", "internal", "standard", "restricted")
COPY_VISIBILITIES = ("public", "internal", "standard")
IF_NO_MATCH = ("default", "error", "ignore")
# When this side's issue of a pair is deleted: the pair stays unlinked, or the other issue's next change makes a
# new twin here.
WHEN_TWIN_DELETED = ("keep_unlinked", "recreate")
# A sub-task whose parent has no twin here (the parent is out of scope): not created, or created on its own as the
# fallback issue type.
SUBTASKS_WITHOUT_PARENT = ("skip", "fallback")
# Fields naming components or versions the receiving project may lack: those listed in ``create_missing`` are
# created there; in the others an unknown name is left out, with a note in the history.
CREATABLE_FIELDS = ("components", "fixVersions", "versions")
# The Customer Request Type is addressed by this pseudo field id, because its real id differs per site.
REQUEST_TYPE = "request_type"
ALL_TYPES = "*"


class OutgoingSchema(Schema):
    issue_types = mf.List(mf.String(), load_default=list)  # empty: every issue type
    fields = mf.List(mf.String(), load_default=lambda: ["summary", "description"])
    comments = mf.List(mf.String(validate=validate.OneOf(VISIBILITIES)), load_default=list)
    attachments = mf.Boolean(load_default=False)
    status = mf.Boolean(load_default=False)  # whether this side's status changes leave it


class ValueMapSchema(Schema):
    values = mf.Dict(keys=mf.String(), values=mf.String(), load_default=dict)
    if_no_match = mf.String(validate=validate.OneOf(IF_NO_MATCH), load_default="ignore")
    default = mf.String(load_default=None, allow_none=True)


class IncomingCommentsSchema(Schema):
    enabled = mf.Boolean(load_default=True)
    enriched = mf.Boolean(load_default=True)
    # source visibility -> visibility on this side; a missing or null entry: not synced.
    visibility = mf.Dict(
        keys=mf.String(validate=validate.OneOf(VISIBILITIES)),
        values=mf.String(validate=validate.OneOf(COPY_VISIBILITIES), allow_none=True),
        load_default=dict,
    )


class IncomingSchema(Schema):
    create_issues = mf.Boolean(load_default=True)
    when_twin_deleted = mf.String(validate=validate.OneOf(WHEN_TWIN_DELETED), load_default="keep_unlinked")
    subtasks_without_parent = mf.String(validate=validate.OneOf(SUBTASKS_WITHOUT_PARENT), load_default="skip")
    issue_types = mf.Dict(keys=mf.String(), values=mf.String(), load_default=dict)
    mirror_issue_types = mf.Boolean(load_default=True)
    fallback_issue_type = mf.String(load_default=None, allow_none=True)
    fields = mf.Dict(keys=mf.String(), values=mf.String(),
                         load_default=lambda: {"summary": "summary", "description": "description"})
    value_maps = mf.Dict(keys=mf.String(), values=mf.Nested(ValueMapSchema), load_default=dict)
    create_missing = mf.List(mf.String(validate=validate.OneOf(CREATABLE_FIELDS)), load_default=list)
    # target issue type name (or "*") -> {field id or "request_type": value}
    defaults = mf.Dict(keys=mf.String(), values=mf.Dict(keys=mf.String()), load_default=dict)
    comments = mf.Nested(IncomingCommentsSchema, load_default=lambda: IncomingCommentsSchema().load({}))
    people = mf.Nested(IncomingPeopleSchema, load_default=default_people)
    status = mf.Nested(IncomingStatusSchema, load_default=lambda: IncomingStatusSchema().load({}))
    attachments = mf.Nested(IncomingAttachmentsSchema, load_default=default_attachments)


class HalfSchema(Schema):
    outgoing = mf.Nested(OutgoingSchema, load_default=lambda: OutgoingSchema().load({}))
    incoming = mf.Nested(IncomingSchema, load_default=lambda: IncomingSchema().load({}))


HALF_SCHEMA = HalfSchema()


def load_half(document: dict) -> dict:
    """The half with every default filled in; raises marshmallow.ValidationError with field-level messages."""
    if not isinstance(document, dict):
        raise ValidationError({"_schema": ["a half must be a JSON object"]})
    return HALF_SCHEMA.load(copy.deepcopy(document))


def empty_half() -> dict:
    return load_half({})
