"""Reading Connect JWTs from requests, and the claims every token must carry."""
from __future__ import annotations

from dataclasses import dataclass

import jwt

from addon.connect.errors import AuthError

REQUIRED_CLAIMS = ["iss", "iat", "exp", "qsh"]


@dataclass(frozen=True)
class RequestParts:
    """What of an HTTP request a Connect token is checked against."""

    method: str
    full_path: str
    query: str
    authorization: str | None
    jwt_param: str | None


def token_from(parts: RequestParts) -> str:
    if parts.authorization:
        scheme, _, token = parts.authorization.partition(" ")
        if scheme != "JWT" or not token.strip():
            raise AuthError("the Authorization header must be 'JWT <token>'")
        return token.strip()
    if parts.jwt_param:
        return parts.jwt_param
    raise AuthError("no JWT: the request is not signed")


def unverified_token(token: str) -> tuple[dict, dict]:
    """Header and claims in one parse, before the signature is checked: to pick the key and algorithm."""
    try:
        parts = jwt.decode_complete(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise AuthError(f"the JWT is malformed: {exc}") from exc
    return parts["header"], parts["payload"]


def unverified_header(token: str) -> dict:
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise AuthError(f"the JWT is malformed: {exc}") from exc


def require_algorithm(header: dict, algorithm: str) -> None:
    if header.get("alg") != algorithm:
        raise AuthError(f"the JWT must be signed with {algorithm}, not {header.get('alg')!r}")


def decode_verified(token: str, key, algorithm: str, leeway: int, audience=None) -> dict:
    options = {"require": REQUIRED_CLAIMS, "verify_aud": audience is not None}
    try:
        return jwt.decode(token, key, algorithms=[algorithm], audience=audience, leeway=leeway, options=options)
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("the JWT has expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise AuthError("the JWT's audience (aud) is not this app's base URL") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise AuthError(f"the JWT lacks the {exc.claim!r} claim") from exc
    except jwt.InvalidSignatureError as exc:
        raise AuthError("the JWT signature does not verify") from exc
    except jwt.PyJWTError as exc:
        raise AuthError(f"the JWT is invalid: {exc}") from exc
