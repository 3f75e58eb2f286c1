"""The acting side's own half: read, replace the draft, publish, discard.

Every route works on the caller's side of the connection; none takes a side, so no route can
change the other side's half.
"""
from flask import jsonify

from addon.connections import drafts
from addon.web.api.acting import acting_admin, json_body
from addon.web.api.blueprint import bp
from addon.web.api.schemas import HALF
from addon.web.auth import jwt_required
from addon.web.services import services


@bp.get("/connections/<id:connection_id>/half")
@jwt_required(allow_context=True)
def show_half(connection_id: int):
    return jsonify(HALF.dump(drafts.show_half(services(), acting_admin(), connection_id)))


@bp.put("/connections/<id:connection_id>/half")
@jwt_required(allow_context=True)
def replace_draft(connection_id: int):
    actor = acting_admin()
    return jsonify(HALF.dump(drafts.replace_draft(services(), actor, connection_id, json_body())))


@bp.post("/connections/<id:connection_id>/half/publish")
@jwt_required(allow_context=True)
def publish(connection_id: int):
    return jsonify(HALF.dump(drafts.publish(services(), acting_admin(), connection_id)))


@bp.post("/connections/<id:connection_id>/half/discard")
@jwt_required(allow_context=True)
def discard(connection_id: int):
    return jsonify(HALF.dump(drafts.discard(services(), acting_admin(), connection_id)))
