"""Connect JWTs: the ones the site mints for the app, and the check of the ones the app sends.

A qsh (query string hash) binds a token to a method, a path *relative to the receiver's base URL*
(context paths like ``/jira`` are left out) and the query without ``jwt``.
"""
import time
from urllib.parse import urlsplit

import jwt
from atlassian_jwt.url_utils import hash_url

TOKEN_LIFETIME_SECONDS = 180
CONTEXT_TOKEN_LIFETIME_SECONDS = 900
CONTEXT_QSH = "context-qsh"


class AuthError(Exception):
    """Why a request's JWT was refused (the text goes into the 401 answer)."""


def relative_url(url: str, base_url: str) -> str:
    """``url`` (absolute, or a path) relative to ``base_url``'s path, query kept."""
    parts = urlsplit(url)
    base_path = urlsplit(base_url).path.rstrip("/")
    path = parts.path
    if base_path and (path == base_path or path.startswith(base_path + "/")):
        path = path[len(base_path):] or "/"
    return f"{path}?{parts.query}" if parts.query else path


def query_hash(method: str, relative: str) -> str:
    return hash_url(method, relative)


def signed_claims(issuer: str, qsh: str, lifetime: int = TOKEN_LIFETIME_SECONDS, **extra) -> dict:
    issued_at = int(time.time())
    return {"iss": issuer, "iat": issued_at, "exp": issued_at + lifetime, "qsh": qsh, **extra}


def hs256(claims: dict, shared_secret: str) -> str:
    return jwt.encode(claims, shared_secret, algorithm="HS256")


def verify_app_request(
    authorization: str | None, *, app_key: str, shared_secret: str, method: str, relative: str
) -> dict:
    """Claims of the app's token for this request, or :class:`AuthError`.

    Connect apps sign calls to Jira with HS256 and the installation's shared secret, ``iss`` =
    their app key and a qsh over the path relative to the site's base URL.
    """
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "JWT" or not token:
        raise AuthError("missing 'Authorization: JWT <token>' header")
    try:
        claims = jwt.decode(
            token,
            shared_secret,
            algorithms=["HS256"],
            options={"require": ["iss", "iat", "exp", "qsh"], "verify_aud": False},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("JWT expired") from None
    except jwt.InvalidTokenError as error:
        raise AuthError(f"JWT rejected: {error}") from None
    if claims["iss"] != app_key:
        raise AuthError(f"JWT iss {claims['iss']!r} is not the app key {app_key!r}")
    expected_qsh = query_hash(method, relative)
    if claims["qsh"] != expected_qsh:
        raise AuthError(f"JWT qsh does not match {method} {relative} (expected {expected_qsh})")
    return claims
