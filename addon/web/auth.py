"""Authenticating Jira's requests to us, one decorator per kind of caller."""
from __future__ import annotations

from functools import wraps

from flask import g, request

from addon.connect.inbound import Caller, KnownSite, verify_inbound
from addon.connect.tenants import find_tenant
from addon.connect.tokens import RequestParts
from addon.web.services import services


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
        return KnownSite(tenant.id, tenant.client_key, tenant.base_url, secret)


def authenticate(allow_context: bool = False, require_enabled: bool = True) -> Caller:
    settings = services().settings
    return verify_inbound(
        request_parts(),
        settings.base_url,
        lambda key: lookup_site(key, require_enabled),
        settings.jwt_leeway_seconds,
        allow_context=allow_context,
    )


def jwt_required(allow_context: bool = False):
    """Route decorator: verified caller in ``g.caller``, or a 401 with the reason."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            g.caller = authenticate(allow_context=allow_context)
            return view(*args, **kwargs)

        return wrapper

    return decorate
