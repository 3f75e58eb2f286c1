"""Verifying JWTs that Jira sends with webhooks, iframe page loads and AP.context tokens."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from addon.connect.errors import AuthError
from addon.connect.qsh import CONTEXT_QSH, query_hash
from addon.connect.tokens import ParsedToken, RequestParts, hs256_key, parsed_token, require_algorithm, token_from, \
    verify_hs256


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
    # The secret as stored: a webhook verified with a remembered site is stored only while it is still this.
    sealed_secret: str
    # Tandem's own user on the site, once a worker has asked: its changes come back as webhooks to ignore.
    app_account_id: str | None = None
    # The site also installed Tandem's Forge app: its events come through that door (addon.forge.installations).
    forge_door: bool = False

    @cached_property
    def signing_key(self) -> bytes:
        return hs256_key(self.shared_secret)


# Looks a site up by clientKey; returns None unless it is installed and enabled.
SiteLookup = Callable[[str], "KnownSite | None"]


@dataclass(frozen=True)
class PresentedToken:
    """The request's token, parsed once and not trusted yet."""

    parsed: ParsedToken
    issuer: str | None


def presented_token(parts: RequestParts, leeway: int) -> PresentedToken:
    # 1. A token must be present, claim to be HS256 (the only algorithm Jira uses here), carry the claims every
    #    Connect token has, and be within its lifetime.
    token = parsed_token(token_from(parts), leeway)
    require_algorithm(token.header, "HS256")
    issuer = token.claims["iss"]
    return PresentedToken(token, issuer if isinstance(issuer, str) else None)


def verify_inbound(
    parts: RequestParts, our_base_url: str, find_site: SiteLookup, leeway: int, allow_context: bool = False
) -> Caller:
    token = presented_token(parts, leeway)
    site = find_site(token.issuer) if token.issuer is not None else None
    return verify_signed_by(token, site, parts, our_base_url, allow_context)


def verify_signed_by(token: PresentedToken, site: KnownSite | None, parts: RequestParts, our_base_url: str,
                     allow_context: bool = False) -> Caller:
    # 2. The issuer names the site; only an installed, enabled site can sign.
    if site is None:
        raise AuthError("the JWT issuer is not an installed and enabled site")
    # 3. The signature, with that site's own shared secret.
    verify_hs256(token.parsed, site.signing_key)
    claims = token.parsed.claims
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
