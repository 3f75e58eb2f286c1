"""The calling site as Tandem knows it."""
from flask import g, jsonify

from addon.db.tenant import Tenant
from addon.web.api.blueprint import bp
from addon.web.auth import jwt_required
from addon.web.services import services


@bp.get("/site")
@jwt_required(allow_context=True)
def site():
    """The calling site as Tandem knows it; a token only ever sees its own site."""
    with services().db.session() as session:
        tenant = session.get(Tenant, g.caller.tenant_id)
        return jsonify(
            clientKey=tenant.client_key,
            baseUrl=tenant.base_url,
            enabled=tenant.enabled,
            installedAt=tenant.installed_at.isoformat(),
            accountId=g.caller.account_id,
        )
