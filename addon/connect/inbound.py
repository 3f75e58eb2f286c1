"""Verifying JWTs that Jira sends with webhooks, iframe page loads and AP.context tokens."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from addon.connect.errors import AuthError
from addon.connect.qsh import CONTEXT_QSH, query_hash
from addon.connect.tokens import RequestParts, decode_verified, require_algorithm, token_from, unverified_claims, \
    unverified_header


@dataclass(frozen=True)
class Caller:
    """Who a verified request speaks for."""

    tenant_id: int
    client_key: str
    base_url: str
    account_id: str | None
    context: dict


@dataclass(frozen=True)
class KnownSite:
    tenant_id: int
    client_key: str
    base_url: str
    shared_secret: str


# Looks a site up by clientKey; returns None unless it is installed and enabled.
SiteLookup = Callable[[str], "KnownSite | None"]


def verify_inbound(
    parts: RequestParts, our_base_url: str, find_site: SiteLookup, leeway: int, allow_context: bool = False
) -> Caller:
    # 1. A token must be present and claim to be HS256: the only algorithm Jira uses here.
    token = token_from(parts)
    require_algorithm(unverified_header(token), "HS256")
    # 2. The issuer names the site; only an installed, enabled site can sign.
    issuer = unverified_claims(token).get("iss")
    site = find_site(issuer) if isinstance(issuer, str) else None
    if site is None:
        raise AuthError("the JWT issuer is not an installed and enabled site")
    # 3. Signature and expiry with that site's own shared secret.
    claims = decode_verified(token, site.shared_secret, "HS256", leeway)
    # 4. The token must be bound to this request, or be a context token where those are allowed.
    _check_qsh(claims["qsh"], parts, our_base_url, allow_context)
    return Caller(site.tenant_id, site.client_key, site.base_url, claims.get("sub"), claims.get("context") or {})


def _check_qsh(qsh: str, parts: RequestParts, our_base_url: str, allow_context: bool) -> None:
    if qsh == CONTEXT_QSH:
        if not allow_context:
            raise AuthError("a context JWT is not accepted here")
        return
    if qsh != query_hash(parts.method, parts.full_path, parts.query, our_base_url):
        raise AuthError("the JWT query string hash (qsh) does not match this request")
