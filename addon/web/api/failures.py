"""A connection's failed items: list them, retry one once its cause is fixed, or skip it on purpose."""
from flask import jsonify

from addon.connections import failures
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import FAILED_ITEM
from addon.web.auth import jwt_required
from addon.web.services import services


@bp.get("/connections/<id:connection_id>/errors")
@jwt_required(allow_context=True)
def list_errors(connection_id: int):
    listed = failures.list_errors(services(), acting_admin(), connection_id)
    return jsonify(errors=FAILED_ITEM.dump(listed.items, many=True), total=listed.total)


@bp.post("/connections/<id:connection_id>/errors/<id:event_id>/retry")
@jwt_required(allow_context=True)
def retry(connection_id: int, event_id: int):
    return jsonify(FAILED_ITEM.dump(failures.retry(services(), acting_admin(), connection_id, event_id)))


@bp.post("/connections/<id:connection_id>/errors/<id:event_id>/skip")
@jwt_required(allow_context=True)
def skip(connection_id: int, event_id: int):
    return jsonify(FAILED_ITEM.dump(failures.skip(services(), acting_admin(), connection_id, event_id)))
