"""Connections of the acting project: create, read, accept or decline, switch on and off, delete."""
from flask import jsonify

from addon.connections import create, joining, reading, status
from addon.web.api.acting import acting_admin, json_body
from addon.web.api.blueprint import admin_checks, bp
from addon.web.api.schemas import CONNECTION, CONNECTION_SUMMARY, CreateConnectionSchema, RedeemSchema
from addon.web.auth import jwt_required
from addon.web.services import services


@bp.get("/connections")
@jwt_required(allow_context=True)
def list_connections():
    found = reading.list_connections(services(), acting_admin())
    return jsonify(connections=CONNECTION_SUMMARY.dump(found, many=True))


@bp.post("/connections")
@jwt_required(allow_context=True)
def create_connection():
    body = CreateConnectionSchema().load(json_body())
    actor = acting_admin(body["project_id"])
    if body["other_site"]:
        invited = create.create_across_sites(services(), actor, body["name"].strip(), body["scenario"])
        return jsonify({**CONNECTION.dump(invited.connection), "invitationCode": invited.code}), 201
    created = create.create_within_site(services(), admin_checks(), actor, body["name"].strip(), body["scenario"],
                                        body["target"]["project_id"])
    return jsonify(CONNECTION.dump(created)), 201


@bp.post("/invitations/redeem")
@jwt_required(allow_context=True)
def redeem_invitation():
    body = RedeemSchema().load(json_body())
    joined = joining.redeem(services(), acting_admin(body["project_id"]), body["code"])
    return jsonify(CONNECTION.dump(joined))


@bp.get("/connections/<id:connection_id>")
@jwt_required(allow_context=True)
def show_connection(connection_id: int):
    return jsonify(CONNECTION.dump(reading.show_connection(services(), acting_admin(), connection_id)))


@bp.post("/connections/<id:connection_id>/accept")
@jwt_required(allow_context=True)
def accept(connection_id: int):
    return jsonify(CONNECTION.dump(joining.accept(services(), acting_admin(), connection_id)))


@bp.post("/connections/<id:connection_id>/decline")
@jwt_required(allow_context=True)
def decline(connection_id: int):
    joining.decline(services(), acting_admin(), connection_id)
    return "", 204


@bp.post("/connections/<id:connection_id>/<any(start, pause, resume, stop):action>")
@jwt_required(allow_context=True)
def change_status(connection_id: int, action: str):
    changed = status.change_status(services(), acting_admin(), connection_id, action)
    return jsonify(CONNECTION.dump(changed))


@bp.delete("/connections/<id:connection_id>")
@jwt_required(allow_context=True)
def delete_connection(connection_id: int):
    status.delete(services(), acting_admin(), connection_id)
    return "", 204
