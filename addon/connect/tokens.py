"""Reading Connect JWTs from requests, and the claims every token must carry."""
from __future__ import annotations

from dataclasses import dataclass

import jwt
from jwt.algorithms import get_default_algorithms

from addon.connect.errors import AuthError

REQUIRED_CLAIMS = ["iss", "iat", "exp", "qsh"]
HS256 = get_default_algorithms()["HS256"]


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


@dataclass(frozen=True)
class ParsedToken:
    """A token read once: its claims already checked (required ones present, times within the leeway), its
    signature not yet."""

    header: dict
    claims: dict
    signing_input: bytes
    signature: bytes


def parsed_token(token: str, leeway: int) -> ParsedToken:
    """Header, claims and signature in one parse; the signature is checked later, with the key the claims name."""
    claim_checks = {"verify_signature": False, "require": REQUIRED_CLAIMS, "verify_exp": True, "verify_iat": True,
                    "verify_nbf": True, "verify_sub": True, "verify_jti": True}
    try:
        parts = jwt.decode_complete(token, options=claim_checks, leeway=leeway)
    except jwt.PyJWTError as exc:
        raise _refusal(exc, otherwise="malformed") from exc
    signing_input = token.encode().rsplit(b".", 1)[0]
    return ParsedToken(parts["header"], parts["payload"], signing_input, parts["signature"])


def hs256_key(secret: str) -> bytes:
    """A site's shared secret as PyJWT prepares an HMAC key (refusing anything shaped like a public key).

    Once per site, not per token: the checks cost more than the HMAC itself."""
    try:
        return HS256.prepare_key(secret)
    except jwt.PyJWTError as exc:
        raise AuthError(f"the site's shared secret cannot sign HS256: {exc}") from exc


def verify_hs256(token: ParsedToken, key: bytes) -> None:
    """The signature, as PyJWT checks it (constant-time), over the token's header and claims."""
    if not HS256.verify(token.signing_input, key, token.signature):
        raise AuthError("the JWT signature does not verify")


def unverified_header(token: str) -> dict:
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _refusal(exc, otherwise="invalid") from exc


def require_algorithm(header: dict, algorithm: str) -> None:
    if header.get("alg") != algorithm:
        raise AuthError(f"the JWT must be signed with {algorithm}, not {header.get('alg')!r}")


def decode_verified(token: str, key, algorithm: str, leeway: int, audience=None) -> dict:
    options = {"require": REQUIRED_CLAIMS, "verify_aud": audience is not None}
    try:
        return jwt.decode(token, key, algorithms=[algorithm], audience=audience, leeway=leeway, options=options)
    except jwt.PyJWTError as exc:
        raise _refusal(exc, otherwise="invalid") from exc


def _refusal(exc: jwt.PyJWTError, otherwise: str) -> AuthError:
    if isinstance(exc, jwt.ExpiredSignatureError):
        return AuthError("the JWT has expired")
    if isinstance(exc, jwt.InvalidAudienceError):
        return AuthError("the JWT's audience (aud) is not this app's base URL")
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return AuthError(f"the JWT lacks the {exc.claim!r} claim")
    if isinstance(exc, jwt.InvalidSignatureError):
        return AuthError("the JWT signature does not verify")
    if isinstance(exc, jwt.DecodeError):
        # PyJWT's text names Python's decoding internals (padding, codecs), which tell the caller nothing.
        return AuthError("the JWT is malformed")
    return AuthError(f"the JWT is {otherwise}: {exc}")
