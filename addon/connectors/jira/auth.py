"""How the Jira client proves who it is: one strategy per front door.

The client only needs a ``requests.auth.AuthBase``; which door a site came
through (Connect today, Forge Remote later) is decided where the client is
built, never inside it or in ``sync/``.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import jwt
import requests

from addon.connect.qsh import query_hash

# Atlassian recommends a short life for app-to-Jira tokens; three minutes
# absorbs ordinary clock skew between us and Jira.
TOKEN_LIFETIME_SECONDS = 180


class ConnectJwtAuth(requests.auth.AuthBase):
    """Signs each request with a Connect JWT bound to its method, path and query.

    A token is minted per request because its ``qsh`` claim hashes that exact
    request: it cannot be cached or reused for another call.
    """

    def __init__(self, app_key: str, shared_secret: str, site_base_url: str):
        self._app_key = app_key
        self._shared_secret = shared_secret
        self._site_base_url = site_base_url
        self._site_origin = _origin(site_base_url)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(request.url)
        # A token signed with this tenant's secret is a credential for the
        # tenant's site: never hand one to any other host.
        if _origin(request.url) != self._site_origin:
            raise ValueError(
                f"refusing to sign a request to {url.scheme}://{url.netloc} "
                f"with the credentials of {self._site_origin}"
            )
        request.headers["Authorization"] = f"JWT {self._token(request.method, url)}"
        return request

    def _token(self, method: str, url) -> str:
        issued_at = int(time.time())
        claims = {
            "iss": self._app_key,
            "iat": issued_at,
            "exp": issued_at + TOKEN_LIFETIME_SECONDS,
            "qsh": query_hash(method, url.path, url.query, self._site_base_url),
        }
        return jwt.encode(claims, self._shared_secret, algorithm="HS256")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
