"""Request and response bodies of the settings API; JSON keys are camelCase, Python names snake_case."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, validate, validates_schema
from marshmallow import fields as mf

from addon.sync.templates import SCENARIOS

PROJECT_ID = validate.Regexp(r"^\d{1,18}$", error="a Jira project id is a number, e.g. 10000")


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class ApiSchema(Schema):
    def on_bind_field(self, field_name, field_obj):
        field_obj.data_key = camel_case(field_obj.data_key or field_name)


class ProjectId(mf.String):
    """Jira sends project ids as strings; a client may send a number."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(str(value) if isinstance(value, int) else value, attr, data, **kwargs)


# -- requests ----------------------------------------------------------------------------------

class TargetSchema(ApiSchema):
    project_id = ProjectId(required=True, validate=PROJECT_ID)


class CreateConnectionSchema(ApiSchema):
    name = mf.String(required=True, validate=validate.Regexp(r"^(?=.*\S).{1,255}$",
                                                             error="a name of 1 to 255 characters is required"))
    scenario = mf.String(required=True, validate=validate.OneOf(SCENARIOS))
    target = mf.Nested(TargetSchema, load_default=None)
    other_site = mf.Boolean(load_default=False)
    project_id = ProjectId(load_default=None, validate=PROJECT_ID)

    @validates_schema
    def _one_other_side(self, data, **kwargs):
        if bool(data["target"]) == data["other_site"]:
            raise ValidationError("give either target.projectId (a project of this site) or otherSite: true",
                                  "target")


class RedeemSchema(ApiSchema):
    code = mf.String(required=True, validate=validate.Length(min=1, max=1000))
    project_id = ProjectId(load_default=None, validate=PROJECT_ID)


class HistoryQuerySchema(ApiSchema):
    class Meta:
        unknown = EXCLUDE  # projectId and the iframe's own parameters travel in the same query

    issue = mf.String(load_default=None, validate=validate.Regexp(r"^[A-Za-z][A-Za-z0-9_]*-\d+$",
                                                                   error="an issue key, e.g. SUP-12"))
    limit = mf.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    # History ids are 32-bit database integers: a larger one would fail in PostgreSQL instead of matching nothing.
    before = mf.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))


# -- responses ---------------------------------------------------------------------------------

class ProjectSchema(ApiSchema):
    id = mf.String()
    key = mf.String()
    name = mf.String()
    type_key = mf.String(data_key="projectTypeKey")


class ScenarioSchema(ApiSchema):
    key = mf.String()
    name = mf.String()
    description = mf.String()


class SideSchema(ApiSchema):
    side = mf.String()
    # null until another site redeems the invitation
    site_url = mf.String(allow_none=True)
    project_id = mf.String(allow_none=True)
    project_key = mf.String(allow_none=True)
    published = mf.Boolean()
    version = mf.Integer()
    is_mine = mf.Boolean(data_key="mine")


class HalfViewSchema(ApiSchema):
    side = mf.String()
    draft = mf.Raw(allow_none=True)
    published = mf.Raw(allow_none=True)
    version = mf.Integer()
    published_at = mf.AwareDateTime(allow_none=True)
    updated_by = mf.String(allow_none=True)
    has_unpublished_changes = mf.Boolean()


class InvitationSchema(ApiSchema):
    expires_at = mf.AwareDateTime()
    used_at = mf.AwareDateTime(allow_none=True)


class ConnectionSchema(ApiSchema):
    id = mf.Integer()
    name = mf.String()
    scenario = mf.String()
    status = mf.String()
    attention = mf.String(allow_none=True)
    my_side = mf.String()
    sides = mf.List(mf.Nested(SideSchema))
    can_start = mf.Boolean()
    start_blockers = mf.List(mf.String())
    created_at = mf.AwareDateTime()
    started_at = mf.AwareDateTime(allow_none=True)
    missed_since = mf.AwareDateTime(allow_none=True, metadata={
        "description": "paused or in error: when it first missed a change; resumed or started, it catches up"})
    issues_under_sync = mf.Integer()
    last_sync = mf.AwareDateTime(allow_none=True)
    open_errors = mf.Integer()
    half = mf.Nested(HalfViewSchema, allow_none=True)
    other_half = mf.Nested(HalfViewSchema, allow_none=True)
    invitation = mf.Nested(InvitationSchema, allow_none=True)


class IssueRefSchema(ApiSchema):
    id = mf.String(allow_none=True)
    key = mf.String(allow_none=True)


class FailedItemSchema(ApiSchema):
    event_id = mf.Integer()
    event_type = mf.String()
    issue = mf.Nested(IssueRefSchema)
    direction = mf.String(allow_none=True)
    attempted = mf.String(allow_none=True)
    message = mf.String(allow_none=True)
    failed_at = mf.AwareDateTime(allow_none=True)
    attempts = mf.Integer()
    waiting = mf.Integer()
    status = mf.String()
    note = mf.String(allow_none=True)


class HistoryEntrySchema(ApiSchema):
    id = mf.Integer()
    at = mf.AwareDateTime()
    direction = mf.String()
    source_issue_id = mf.String(allow_none=True)
    source_issue_key = mf.String(allow_none=True)
    target_issue_key = mf.String(allow_none=True)
    action = mf.String()
    detail = mf.String(allow_none=True)
    outcome = mf.String()
    event_id = mf.Integer(allow_none=True)


CONNECTION = ConnectionSchema()
# The list leaves the halves out: they are read one connection at a time.
CONNECTION_SUMMARY = ConnectionSchema(exclude=("half", "other_half"))
HALF = HalfViewSchema()
FAILED_ITEM = FailedItemSchema()
HISTORY_ENTRY = HistoryEntrySchema()
