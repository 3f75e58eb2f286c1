"""Authenticating Jira's requests to us, one decorator per kind of caller."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, request

from addon.connect.errors import AuthError
from addon.connect.inbound import Caller, KnownSite, PresentedToken, presented_token, verify_inbound, \
    verify_signed_by
from addon.connect.recent_sites import RecentSites
from addon.connect.tenants import find_tenant
from addon.connect.tokens import RequestParts
from addon.web.forge_auth import forge_caller, is_forge_request
from addon.web.services import services

RECENT_SITES = "tandem.recent_sites"
# How long a site's secret is remembered after its last fresh read; see addon.connect.recent_sites.
RECENT_SITE_SECONDS = 60.0
RECENT_SITE_SECONDS_UNTIL_ACCOUNT_KNOWN = 5.0


def request_parts() -> RequestParts:
    return RequestParts(
        method=request.method,
        full_path=request.root_path + request.path,
        query=request.query_string.decode("latin-1"),
        authorization=request.headers.get("Authorization"),
        jwt_param=request.args.get("jwt"),
    )


def lookup_site(client_key: str, require_enabled: bool = True) -> KnownSite | None:
    svc = services()
    with svc.db.session() as session:
        tenant = find_tenant(session, client_key)
        if tenant is None or not tenant.installed or tenant.shared_secret_encrypted is None:
            return None
        if require_enabled and not tenant.enabled:
            return None
        secret = svc.secrets.open(tenant.shared_secret_encrypted)
        return KnownSite(tenant.id, tenant.client_key, tenant.base_url, secret, tenant.shared_secret_encrypted,
                         tenant.app_account_id, tenant.forge_door_open)


def authenticate(allow_context: bool = False, require_enabled: bool = True) -> Caller:
    settings = services().settings
    return verify_inbound(
        request_parts(),
        settings.base_url,
        lambda key: lookup_site(key, require_enabled),
        settings.jwt_leeway_seconds,
        allow_context=allow_context,
    )


def authenticate_webhook(remembered: bool = True) -> KnownSite:
    """The installed, enabled site that signed this webhook.

    ``remembered``: first try the secret remembered from the site's last webhook. The caller must then
    store the webhook with the site's ``sealed_secret`` (``record_event``), which refuses a site that
    changed since, and call again with ``remembered=False`` if it is refused.
    """
    recent: RecentSites = current_app.extensions[RECENT_SITES]
    parts = request_parts()
    token = presented_token(parts, services().settings.jwt_leeway_seconds)
    if token.issuer is None:
        return _verified(token, None, parts)  # refused: no site signs without naming itself
    if remembered and (site := recent.get(token.issuer)) is not None:
        try:
            return _verified(token, site, parts)
        except AuthError:
            pass  # a reinstall may have changed the secret: the fresh read below decides
    recent.forget(token.issuer)
    site = _verified(token, lookup_site(token.issuer), parts)
    recent.remember(site)
    return site


def _verified(token: PresentedToken, site: KnownSite | None, parts: RequestParts) -> KnownSite:
    verify_signed_by(token, site, parts, services().settings.base_url)
    return site


def jwt_required(allow_context: bool = False):
    """Route decorator: verified caller in ``g.caller``, or a 401 with the reason.

    ``allow_context``: the settings API, which the UI calls through either door: with Connect's context JWT, or
    with a Forge invocation token (``invokeRemote``: ``Authorization: Bearer``)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            forge = allow_context and is_forge_request()
            g.caller = forge_caller() if forge else authenticate(allow_context=allow_context)
            return view(*args, **kwargs)

        return wrapper

    return decorate
