"""The user map's picker: a side's users matching what the admin types."""
from flask import jsonify, request
from marshmallow import fields as mf
from marshmallow import validate

from addon.connections.user_picker import SIDES, search_side_users
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import ApiSchema
from addon.web.auth import jwt_required
from addon.web.services import services

MAX_QUERY = 200


class UserQuerySchema(ApiSchema):
    query = mf.String(metadata={"description": "the start of a name (or of an e-mail address the site shows)"})
    side = mf.String(validate=validate.OneOf(SIDES), metadata={"description": "mine (default) or theirs"})


class PickableUserSchema(ApiSchema):
    account_id = mf.String()
    display_name = mf.String()
    account_type = mf.String(metadata={"description": "atlassian, or customer for a service desk's portal account"})


class PickableUsersSchema(ApiSchema):
    users = mf.List(mf.Nested(PickableUserSchema))


@bp.get("/connections/<id:connection_id>/users")
@jwt_required(allow_context=True)
def users(connection_id: int):
    query = (request.args.get("query") or "").strip()[:MAX_QUERY]
    side = request.args.get("side") or "mine"
    found = search_side_users(services(), acting_admin(), connection_id, side, query)
    return jsonify(PickableUsersSchema().dump({"users": found}))
