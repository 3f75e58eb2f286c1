"""A site's Forge installation, on the site's one tenant whichever door it came through.

A site is one site (DESIGN.md): a Forge installation joins the tenant of the same ``cloudId`` (or, for a tenant
whose Connect install did not say its cloudId, the same site URL), so its connections, links and history carry on.
From then on Tandem calls that site through the Forge door (addon.runtime) and its Connect webhooks are stored as
already carried (addon.web.webhooks): the Forge events bring the same changes.
"""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from addon.connect.errors import AuthError
from addon.connect.secrets import SecretBox
from addon.connect.tenants import record_site_gone
from addon.db.tenant import Tenant
from addon.db.base import utcnow
from addon.forge.app_tokens import expiry_of, worth_keeping
from addon.forge.invocation import Invocation


def forge_client_key(cloud_id: str) -> str:
    return f"forge:{cloud_id}"


def tenant_of_site(session: Session, cloud_id: str, site_url: str) -> Tenant | None:
    found = session.scalars(select(Tenant).where(Tenant.cloud_id == cloud_id)).first()
    if found is None and site_url:
        found = session.scalars(select(Tenant).where(Tenant.cloud_id.is_(None), Tenant.base_url == site_url)).first()
    return found


def record_installation(session: Session, invocation: Invocation) -> Tenant:
    """``avi:forge:installed:app`` / ``upgraded:app``: the site's tenant, made or found, now with this installation."""
    tenant = tenant_of_site(session, invocation.cloud_id, invocation.site_url)
    if tenant is None:
        tenant = Tenant(client_key=forge_client_key(invocation.cloud_id), base_url=invocation.site_url,
                        product_type="jira", installed=True, enabled=True)
        session.add(tenant)
    elif tenant.forge_installation_id != invocation.installation_id:
        tenant.forge_app_token_encrypted = tenant.forge_app_token_expires_at = None  # another installation's
    tenant.cloud_id = invocation.cloud_id
    tenant.forge_installation_id = invocation.installation_id
    tenant.forge_api_base_url = invocation.api_base_url
    tenant.installed = tenant.enabled = True
    tenant.uninstalled_at = None
    session.flush()
    return tenant


def installed_tenant(session: Session, invocation: Invocation) -> Tenant:
    """The tenant whose current Forge installation made this invocation, or an ``AuthError``: a token of an
    installation uninstalled or replaced since (``installationId`` changes on reinstall) speaks for no one."""
    return _speaking_for(session.scalars(select(Tenant).where(_OF_INSTALLATION),
                                         {"installation_id": invocation.installation_id}), invocation)


# What an event's route needs of the site, read without the ORM: one short statement per event.
SITE_COLUMNS = (Tenant.id, Tenant.client_key, Tenant.base_url, Tenant.cloud_id, Tenant.app_account_id,
                Tenant.forge_app_token_expires_at)
_OF_INSTALLATION = Tenant.forge_installation_id == bindparam("installation_id")
_SITE_OF_INSTALLATION = select(*SITE_COLUMNS).where(_OF_INSTALLATION)


def installed_site_row(connection: Connection, invocation: Invocation):
    """``installed_tenant``'s answer as a row of ``SITE_COLUMNS``."""
    return _speaking_for(connection.execute(_SITE_OF_INSTALLATION, {"installation_id": invocation.installation_id}),
                         invocation)


def _speaking_for(result, invocation: Invocation):
    found = result.first()
    if found is None:
        raise AuthError("the Forge invocation token's installation is not installed")
    if found.cloud_id != invocation.cloud_id:
        raise AuthError("the Forge invocation token's site (cloudId) is not its installation's")
    return found


def keep_newest_token(tenant: Tenant, token: str | None, box: SecretBox) -> bool:
    """Keeps ``token`` if it is worth a write (``worth_keeping``); True when it did. Tokens without an ``exp``
    are not kept."""
    expires_at = expiry_of(token) if token else None
    if expires_at is None or not worth_keeping(expires_at, tenant.forge_app_token_expires_at, utcnow()):
        return False
    tenant.forge_app_token_encrypted = box.seal(token)
    tenant.forge_app_token_expires_at = expires_at
    return True


def record_uninstall(session: Session, tenant: Tenant) -> None:
    """``preUninstall``: the Forge door closes and its tokens are wiped. If the Connect door is not open either,
    nothing can act for the site any more: its running connections are paused, as a Connect uninstall does."""
    tenant.forge_installation_id = None
    tenant.forge_app_token_encrypted = tenant.forge_app_token_expires_at = None
    if not tenant.connect_door_open:
        record_site_gone(session, tenant)
