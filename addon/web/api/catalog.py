"""What the new-connection wizard offers: the site's projects and the scenarios."""
from flask import g, jsonify, request

from addon.connections.scenarios import CATALOG
from addon.connections.sites import load_tenant, search_projects
from addon.web.api.acting import acting_admin
from addon.web.api.blueprint import bp
from addon.web.api.schemas import ProjectSchema, ScenarioSchema
from addon.web.auth import jwt_required
from addon.web.services import services

MAX_QUERY = 200


@bp.get("/projects")
@jwt_required(allow_context=True)
def projects():
    acting_admin()
    query = (request.args.get("query") or "").strip()[:MAX_QUERY] or None
    runtime = services()
    with runtime.db.session() as session:
        tenant = load_tenant(session, g.caller.tenant_id)
    found = search_projects(runtime, tenant, query)
    return jsonify(projects=ProjectSchema(many=True).dump(found))


@bp.get("/scenarios")
@jwt_required(allow_context=True)
def scenarios():
    return jsonify(scenarios=ScenarioSchema(many=True).dump(CATALOG))
