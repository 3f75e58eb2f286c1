"""What the two sides of a connection offer its configuration screen's pickers."""
from flask import jsonify
from marshmallow import fields as mf

from addon.connections.side_catalog import side_catalogs
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import ApiSchema
from addon.web.auth import jwt_required
from addon.web.services import services


class FieldRefSchema(ApiSchema):
    id = mf.String()
    name = mf.String()
    kind = mf.String(metadata={"description": (
        "text, paragraph, url, number, date, datetime, priority, option, options, cascading, components, versions, "
        "labels, user, users or other; value maps are for priority, option, options, cascading, components, "
        "versions and labels")})


class SideCatalogSchema(ApiSchema):
    side = mf.String(metadata={"description": "a or b"})
    mine = mf.Boolean(metadata={"description": "the caller's side"})
    site_url = mf.String()
    project_id = mf.String()
    project_key = mf.String()
    project_name = mf.String()
    is_service_desk = mf.Boolean()
    issue_types = mf.List(mf.String())
    fields = mf.List(mf.Nested(FieldRefSchema))
    request_types = mf.List(mf.String(), metadata={"description": "empty unless the project is a service desk"})
    statuses = mf.List(mf.String(), metadata={"description": "the statuses of the project's workflows"})
    resolutions = mf.List(mf.String(), metadata={"description": "the site's resolutions"})


class SideCatalogsSchema(ApiSchema):
    sides = mf.List(mf.Nested(SideCatalogSchema), metadata={"description": "the caller's side first"})


@bp.get("/connections/<id:connection_id>/sides")
@jwt_required(allow_context=True)
def sides(connection_id: int):
    return jsonify(SideCatalogsSchema().dump({"sides": side_catalogs(services(), acting_admin(), connection_id)}))
