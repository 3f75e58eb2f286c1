"""A connection's sync history, newest first: ``?issue=KEY&limit=&before=``."""
from flask import jsonify, request

from addon.connections.history import list_history
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import HISTORY_ENTRY, HistoryQuerySchema
from addon.web.auth import jwt_required
from addon.web.services import services


@bp.get("/connections/<id:connection_id>/history")
@jwt_required(allow_context=True)
def history(connection_id: int):
    actor = acting_admin()
    query = HistoryQuerySchema().load(request.args)
    issue_key = query["issue"].upper() if query["issue"] else None
    page = list_history(services(), actor, connection_id, issue_key, query["limit"], query["before"])
    return jsonify(history=HISTORY_ENTRY.dump(page.entries, many=True), nextBefore=page.next_before)
