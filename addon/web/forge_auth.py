"""Authenticating what Forge sends the remote: the invocation token (FIT) and the installation it speaks for."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import request

from addon.connect.errors import AuthError
from addon.connect.inbound import Caller
from addon.db.base import utcnow
from addon.db.tenant import Tenant
from addon.forge.app_tokens import expiry_of, worth_keeping
from addon.forge.installations import installed_site_row, keep_newest_token
from addon.forge.invocation import Invocation, verify_invocation
from addon.web.services import services

log = logging.getLogger(__name__)
SYSTEM_TOKEN_HEADER = "x-forge-oauth-system"


@dataclass(frozen=True)
class ForgeSite:
    """The installed site a verified invocation came from."""

    tenant_id: int
    client_key: str
    base_url: str
    app_account_id: str | None


def is_forge_request() -> bool:
    return (request.headers.get("Authorization") or "").startswith("Bearer ")


def verified_invocation() -> Invocation:
    """The request's FIT, verified; a refusal is logged with its reason (never the token) and answered 401."""
    svc = services()
    try:
        if not svc.settings.forge_app_id:
            raise AuthError("the Forge door is not configured on this server (TANDEM_FORGE_APP_ID)")
        return verify_invocation(request.headers.get("Authorization"), svc.forge_keys, svc.settings.forge_app_id,
                                 svc.settings.jwt_leeway_seconds)
    except AuthError as refusal:
        log.warning("Forge invocation refused on %s %s: %s", request.method, request.path, refusal)
        raise


def installed_site(invocation: Invocation) -> ForgeSite:
    """The site of the invocation's installation, keeping the app token it brought if it is worth keeping.

    One plain read, and a write only for a token worth keeping (a few minutes apart at most): building the
    tenant through the ORM for every event cost a third of a Forge event's CPU."""
    svc = services()
    with svc.db.engine.connect() as connection:
        try:
            site = installed_site_row(connection, invocation)
        except AuthError as refusal:
            log.warning("Forge invocation refused on %s %s: %s", request.method, request.path, refusal)
            raise
    token = request.headers.get(SYSTEM_TOKEN_HEADER)
    expires_at = expiry_of(token) if token else None
    if expires_at is not None and worth_keeping(expires_at, site.forge_app_token_expires_at, utcnow()):
        with svc.db.session() as session:
            keep_newest_token(session.get(Tenant, site.id), token, svc.secrets)
    return ForgeSite(site.id, site.client_key, site.base_url, site.app_account_id)


def forge_caller() -> Caller:
    """A UI call through ``invokeRemote``: the FIT's principal acts, in the project (or issue) the page is for,
    shaped as Connect's context JWT is so the settings API does not know which door it came through."""
    invocation = verified_invocation()
    if invocation.principal is None:
        raise AuthError("the Forge invocation token names no user (principal): not a UI call")
    site = installed_site(invocation)
    extension = invocation.context.get("extension")
    extension = extension if isinstance(extension, dict) else {}
    jira = {name: extension[name] for name in ("project", "issue") if isinstance(extension.get(name), dict)}
    return Caller(site.tenant_id, site.client_key, site.base_url, invocation.principal, {"jira": jira})
