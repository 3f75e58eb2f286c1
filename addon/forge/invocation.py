"""The Forge Invocation Token (FIT): Forge's proof that a request to the remote comes from it, and for whom.

Checked before anything else: RS256 only (the algorithm is pinned, never read from the token), a key Forge
publishes (by ``kid``), ``iss`` = ``forge/invocation-token``, ``aud`` = our app's ARI, ``exp``/``nbf`` within a
small leeway. Every refusal is an ``AuthError`` (a 401) whose reason is logged by the caller; the token never is.
"""
from __future__ import annotations

from dataclasses import dataclass

import jwt

from addon.connect.errors import AuthError
from addon.forge.jwks import ForgeKeys

ISSUER = "forge/invocation-token"
REQUIRED = ["iss", "aud", "exp", "iat", "app", "context"]


@dataclass(frozen=True)
class Invocation:
    """What a verified FIT says."""

    installation_id: str
    api_base_url: str
    cloud_id: str
    site_url: str
    principal: str | None  # the user, for UI calls; None for triggers
    context: dict
    module: dict


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Bearer" or not token.strip():
        raise AuthError("no Forge invocation token: the Authorization header must be 'Bearer <token>'")
    return token.strip()


def verify_invocation(authorization: str | None, keys: ForgeKeys, app_id: str, leeway: int) -> Invocation:
    token = bearer_token(authorization)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        # PyJWT's text names Python's decoding internals (padding, codecs), which tell the caller nothing.
        raise AuthError("the Forge invocation token is malformed") from exc
    if header.get("alg") != "RS256":
        raise AuthError(f"the Forge invocation token must be signed with RS256, not {header.get('alg')!r}")
    key = keys.public_key(str(header.get("kid")))
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=app_id, issuer=ISSUER, leeway=leeway,
                            options={"require": REQUIRED})
    except jwt.PyJWTError as exc:
        raise _refusal(exc) from exc
    return _invocation(claims)


def _invocation(claims: dict) -> Invocation:
    app, context = claims["app"], claims["context"]
    if not isinstance(app, dict) or not isinstance(context, dict):
        raise AuthError("the Forge invocation token's app and context claims must be objects")
    wanted = {"app.installationId": app.get("installationId"), "app.apiBaseUrl": app.get("apiBaseUrl"),
              "context.cloudId": context.get("cloudId")}
    missing = [name for name, value in wanted.items() if not isinstance(value, str) or not value]
    if missing:
        raise AuthError(f"the Forge invocation token lacks {', '.join(missing)}")
    principal = claims.get("principal")
    return Invocation(app["installationId"], app["apiBaseUrl"].rstrip("/"), context["cloudId"],
                      str(context.get("siteUrl") or "").rstrip("/"), principal if isinstance(principal, str) else None,
                      context, app.get("module") if isinstance(app.get("module"), dict) else {})


def _refusal(exc: jwt.PyJWTError) -> AuthError:
    if isinstance(exc, jwt.ExpiredSignatureError):
        return AuthError("the Forge invocation token has expired")
    if isinstance(exc, jwt.ImmatureSignatureError):
        return AuthError("the Forge invocation token is not valid yet (nbf)")
    if isinstance(exc, jwt.InvalidAudienceError):
        return AuthError("the Forge invocation token is for another app (aud)")
    if isinstance(exc, jwt.InvalidIssuerError):
        return AuthError("the Forge invocation token was not issued by Forge (iss)")
    if isinstance(exc, jwt.InvalidSignatureError):
        return AuthError("the Forge invocation token's signature does not verify")
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return AuthError(f"the Forge invocation token lacks the {exc.claim!r} claim")
    if isinstance(exc, jwt.DecodeError):
        return AuthError("the Forge invocation token is malformed")
    return AuthError(f"the Forge invocation token is invalid: {exc}")
