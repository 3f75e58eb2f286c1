"""What the OpenAPI document says of each settings API route: keyed by Flask endpoint and method.

The routes themselves come from Flask's URL map (``addon.web.api.openapi``); a route missing here makes the
document fail to build, so a new route cannot ship undocumented. The envelope schemas below exist for the
document only: the routes build those small wrappers with ``jsonify``.
"""
from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema
from marshmallow import fields as mf

from addon.sync.halves import HalfSchema
from addon.web.api.issues import IssueSyncStatusSchema, SyncRequestedSchema
from addon.web.api.schemas import ApiSchema, ConnectionSchema, CreateConnectionSchema, FailedItemSchema, \
    HalfViewSchema, HistoryEntrySchema, HistoryQuerySchema, ProjectSchema, RedeemSchema, ScenarioSchema
from addon.web.api.people import PickableUsersSchema, UserQuerySchema
from addon.web.api.sides import SideCatalogsSchema
from addon.web.api.values import FieldValuesQuerySchema, FieldValuesSchema


class ErrorSchema(ApiSchema):
    error = mf.String(required=True, metadata={"description": "a stable code, e.g. not_found, invalid"})
    message = mf.String(required=True, metadata={"description": "a sentence a person can act on"})
    errors = mf.Dict(keys=mf.String(), values=mf.List(mf.String()),
                     metadata={"description": "validation failures by path in the body, e.g. incoming.fields"})


class SiteSchema(ApiSchema):
    client_key = mf.String()
    base_url = mf.String()
    enabled = mf.Boolean()
    installed_at = mf.String(metadata={"format": "date-time"})
    events_received = mf.Integer()
    account_id = mf.String(allow_none=True)


class ScenarioListSchema(ApiSchema):
    scenarios = mf.List(mf.Nested(ScenarioSchema))


class ProjectListSchema(ApiSchema):
    projects = mf.List(mf.Nested(ProjectSchema))


class ConnectionSummarySchema(ConnectionSchema):
    class Meta:
        exclude = ("half", "other_half")


class ConnectionListSchema(ApiSchema):
    connections = mf.List(mf.Nested(ConnectionSummarySchema))


class CreatedConnectionSchema(ConnectionSchema):
    invitation_code = mf.String(metadata={"description": "shown once, for a connection with another site"})


class ErrorListSchema(ApiSchema):
    errors = mf.List(mf.Nested(FailedItemSchema))
    total = mf.Integer()


class HistoryPageSchema(ApiSchema):
    history = mf.List(mf.Nested(HistoryEntrySchema))
    next_before = mf.Integer(allow_none=True, metadata={"description": "pass as before for the next page"})


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    response: type[Schema] | None  # None: no body (204)
    status: int = 200
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    # Acts for one project of the caller's site: the context JWT's, or a projectId query parameter.
    acting: bool = True


CONNECTIONS, CONFIGURATION, FAILURES, ISSUES, SITE = "Connections", "Configuration", "Errors and history", \
    "Issues", "Site"

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("api.site", "GET"): Operation("The calling site as Tandem knows it", SITE, SiteSchema, acting=False),
    ("api.scenarios", "GET"): Operation("The scenarios a connection can start from", SITE, ScenarioListSchema,
                                        acting=False),
    ("api.projects", "GET"): Operation("Projects of the caller's site, for the new-connection wizard", SITE,
                                       ProjectListSchema),
    ("api.list_connections", "GET"): Operation("Connections of the acting project", CONNECTIONS,
                                               ConnectionListSchema),
    ("api.create_connection", "POST"): Operation("Connect the acting project with a project of this or another site",
                                                 CONNECTIONS, CreatedConnectionSchema, 201, CreateConnectionSchema),
    ("api.redeem_invitation", "POST"): Operation("Redeem another site's invitation: the acting project becomes side B",
                                                 CONNECTIONS, ConnectionSchema, body=RedeemSchema),
    ("api.show_connection", "GET"): Operation("One connection with both halves", CONNECTIONS, ConnectionSchema),
    ("api.accept", "POST"): Operation("Side B accepts a same-site request", CONNECTIONS, ConnectionSchema),
    ("api.decline", "POST"): Operation("Side B declines a same-site request (it is deleted)", CONNECTIONS, None, 204),
    ("api.change_status", "POST"): Operation("Start, pause, resume or stop the connection", CONNECTIONS,
                                             ConnectionSchema),
    ("api.delete_connection", "DELETE"): Operation("Delete the connection (never issues)", CONNECTIONS, None, 204),
    ("api.show_half", "GET"): Operation("This side's half", CONFIGURATION, HalfViewSchema),
    ("api.replace_draft", "PUT"): Operation("Replace this side's draft", CONFIGURATION, HalfViewSchema,
                                            body=HalfSchema),
    ("api.publish", "POST"): Operation("Publish this side's draft", CONFIGURATION, HalfViewSchema),
    ("api.discard", "POST"): Operation("Discard this side's draft", CONFIGURATION, HalfViewSchema),
    ("api.sides", "GET"): Operation("Issue types, fields and request types of both sides", CONFIGURATION,
                                    SideCatalogsSchema),
    ("api.users", "GET"): Operation("Users of either side for the user map, by the start of their name",
                                    CONFIGURATION, PickableUsersSchema, query=UserQuerySchema),
    ("api.values", "GET"): Operation("The values a field of either side is chosen among, for a value map",
                                     CONFIGURATION, FieldValuesSchema, query=FieldValuesQuerySchema),
    ("api.list_errors", "GET"): Operation("Failed items of the connection, newest first", FAILURES, ErrorListSchema),
    ("api.retry", "POST"): Operation("Run a failed item again", FAILURES, FailedItemSchema),
    ("api.skip", "POST"): Operation("Drop a failed item on purpose", FAILURES, FailedItemSchema),
    ("api.history", "GET"): Operation("What was synced, newest first", FAILURES, HistoryPageSchema,
                                      query=HistoryQuerySchema),
    ("api.sync_status", "GET"): Operation("The issues an issue is synced with, and how their last sync went", ISSUES,
                                          IssueSyncStatusSchema, acting=False),
    ("api.sync_now", "POST"): Operation("Carry an issue across again now", ISSUES, SyncRequestedSchema, 202,
                                        acting=False),
}
