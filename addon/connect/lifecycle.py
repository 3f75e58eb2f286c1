"""Verifying signed install and uninstall callbacks (Connect's ``signed-install`` migration).

The steps follow atlassian-connect-express's verify-installation, numbered so a
refusal can be traced to the check that made it.
"""
from __future__ import annotations

from fnmatch import fnmatch
from ipaddress import ip_address
from urllib.parse import urlsplit

from addon.config import Settings
from addon.connect.errors import AuthError
from addon.connect.install_keys import InstallKeys
from addon.connect.qsh import query_hash
from addon.connect.tokens import RequestParts, decode_verified, require_algorithm, token_from, unverified_header

LOOPBACK_HOSTS = {"localhost"}


def verify_signed_lifecycle(parts: RequestParts, body: dict, settings: Settings, keys: InstallKeys) -> dict:
    """Return the verified claims, or raise AuthError with the reason."""
    # 1. The callback must be signed at all.
    token = token_from(parts)
    # 2. Only RS256 from Atlassian's key server: an HS256 or 'none' token could be forged by anyone.
    header = unverified_header(token)
    require_algorithm(header, "RS256")
    kid = header.get("kid")
    if not kid:
        raise AuthError("the install JWT names no signing key (kid)")
    # 3. Signature, expiry and audience, against the public key published for that kid.
    claims = decode_verified(
        token, keys.public_key(kid), "RS256", settings.jwt_leeway_seconds, audience=_our_audiences(settings)
    )
    # 4. The token must speak for the site named in the body.
    if claims["iss"] != body.get("clientKey"):
        raise AuthError("the JWT issuer does not match the clientKey in the body")
    # 5. The token must have been made for this very request.
    if claims["qsh"] != query_hash(parts.method, parts.full_path, parts.query, settings.base_url):
        raise AuthError("the JWT query string hash (qsh) does not match this request")
    # 6. The site must be one we are willing to call with our credentials.
    require_allowed_site(body.get("baseUrl"), settings.allowed_site_hosts)
    return claims


def _our_audiences(settings: Settings) -> list[str]:
    return [settings.base_url, settings.base_url + "/"]


def require_allowed_site(base_url: str | None, patterns: tuple[str, ...]) -> None:
    parts = urlsplit(base_url or "")
    host = (parts.hostname or "").lower()
    if not host or not any(fnmatch(host, pattern) for pattern in patterns):
        raise AuthError(f"the site {base_url!r} is not on a host this app accepts")
    if parts.scheme != "https" and not _is_loopback(host):
        raise AuthError(f"the site {base_url!r} must use https")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
