"""A value map's pickers: the values a field of either side is chosen among."""
from flask import jsonify, request
from marshmallow import fields as mf
from marshmallow import validate

from addon.connections.value_picker import SIDES, field_values
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import ApiSchema
from addon.web.auth import jwt_required
from addon.web.services import services

MAX_FIELD_ID = 255


class FieldValuesQuerySchema(ApiSchema):
    field = mf.String(required=True, metadata={"description": "the field's id, e.g. priority or customfield_10117"})
    side = mf.String(validate=validate.OneOf(SIDES), metadata={"description": "mine (default) or theirs"})


class FieldValuesSchema(ApiSchema):
    values = mf.List(mf.String(), metadata={"description": (
        "the field's values by name; empty for labels, whose values are free")})


@bp.get("/connections/<id:connection_id>/values")
@jwt_required(allow_context=True)
def values(connection_id: int):
    field_id = (request.args.get("field") or "").strip()[:MAX_FIELD_ID]
    side = request.args.get("side") or "mine"
    found = field_values(services(), acting_admin(), connection_id, side, field_id)
    return jsonify(FieldValuesSchema().dump({"values": found}))
