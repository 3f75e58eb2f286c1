"""One issue's sync status and Sync now, for Tandem's issue glance (context JWT of the issue view).

Unlike the settings routes these need no project admin: whoever may browse the issue sees its status, whoever
may edit it may ask for a sync.
"""
from flask import g, jsonify
from marshmallow import fields as mf

from addon.connections import issue_sync
from addon.web.api.blueprint import bp
from addon.web.api.schemas import ApiSchema
from addon.web.auth import jwt_required
from addon.web.converters import MAX_JIRA_ID
from addon.web.services import services


class LastSyncSchema(ApiSchema):
    at = mf.AwareDateTime()
    direction = mf.String(metadata={"description": "a->b or b->a"})
    action = mf.String()
    detail = mf.String(allow_none=True)
    outcome = mf.String(metadata={"description": "ok, skipped or failed"})


class TwinSchema(ApiSchema):
    connection_id = mf.Integer()
    connection_name = mf.String()
    connection_status = mf.String()
    site_url = mf.String()
    project_key = mf.String()
    issue_key = mf.String()
    url = mf.String(metadata={"description": "the synced issue in its site's issue view"})
    last_sync = mf.Nested(LastSyncSchema, allow_none=True)
    open_error = mf.String(allow_none=True)


class ConnectionRefSchema(ApiSchema):
    id = mf.Integer()
    name = mf.String()
    status = mf.String()


class IssueSyncStatusSchema(ApiSchema):
    issue_id = mf.String()
    issue_key = mf.String()
    project_key = mf.String()
    twins = mf.List(mf.Nested(TwinSchema))
    connections = mf.List(mf.Nested(ConnectionRefSchema))
    pending = mf.Integer(metadata={"description": "events of this issue waiting to be carried across"})


class SyncRequestedSchema(ApiSchema):
    event_id = mf.Integer()
    issue_id = mf.String()
    issue_key = mf.String()


@bp.get(f"/issues/<id(max={MAX_JIRA_ID}):issue_id>/sync-status")
@jwt_required(allow_context=True)
def sync_status(issue_id: int):
    found = issue_sync.sync_status(services(), _viewer(), issue_id)
    return jsonify(IssueSyncStatusSchema().dump(found))


@bp.post(f"/issues/<id(max={MAX_JIRA_ID}):issue_id>/sync")
@jwt_required(allow_context=True)
def sync_now(issue_id: int):
    requested = issue_sync.request_sync(services(), _viewer(), issue_id)
    return jsonify(SyncRequestedSchema().dump(requested)), 202


def _viewer() -> issue_sync.Viewer:
    return issue_sync.Viewer(g.caller.tenant_id, g.caller.account_id)
