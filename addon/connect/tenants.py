"""The tenant store: what lifecycle callbacks do to a site's installation record."""
from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from addon.connect.secrets import SecretBox
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, PAUSED, Connection
from addon.db.tenant import Tenant


def find_tenant(session: Session, client_key: str) -> Tenant | None:
    return session.scalars(select(Tenant).where(Tenant.client_key == client_key)).one_or_none()


def record_install(session: Session, payload: dict, box: SecretBox) -> Tenant:
    """Create or refresh the tenant; a repeated install leaves exactly one record."""
    tenant = find_tenant(session, payload["clientKey"])
    if tenant is None:
        tenant = Tenant(client_key=payload["clientKey"])
        session.add(tenant)
    tenant.base_url = payload["baseUrl"].rstrip("/")
    tenant.display_url = payload.get("displayUrl")
    tenant.product_type = payload.get("productType", "jira")
    tenant.cloud_id = payload.get("cloudId")
    tenant.description = payload.get("description")
    tenant.shared_secret_encrypted = box.seal(payload["sharedSecret"])
    tenant.installed = True
    tenant.enabled = True
    tenant.uninstalled_at = None
    session.flush()
    return tenant


def record_uninstall(session: Session, tenant: Tenant) -> None:
    """Forget the secret. Unless the site's Forge door is open (it moved to the Forge app, which carries on),
    disable the tenant and pause its connections: nothing can act for that site any more."""
    tenant.shared_secret_encrypted = None
    if tenant.forge_door_open:
        return
    tenant.enabled = False
    record_site_gone(session, tenant)


def record_site_gone(session: Session, tenant: Tenant) -> None:
    """The last door closed: the site's running connections are paused, with a word for their admins."""
    tenant.installed = False
    tenant.uninstalled_at = utcnow()
    on_either_side = or_(Connection.a_tenant_id == tenant.id, Connection.b_tenant_id == tenant.id)
    session.execute(update(Connection).where(on_either_side, Connection.status == ACTIVE)
                    .values(status=PAUSED, attention="a site uninstalled Tandem"))


def set_enabled(tenant: Tenant, enabled: bool) -> None:
    """Connect's enabled/disabled concern the Connect app: a site whose Forge door is open stays enabled."""
    tenant.enabled = enabled or tenant.forge_door_open
