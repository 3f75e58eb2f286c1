"""How the Jira client proves who it is: one strategy per front door.

The client only needs a ``requests.auth.AuthBase``; which door a site came
through (Connect: a JWT per request against the site's baseUrl; Forge Remote:
the app's bearer token against the installation's apiBaseUrl) is decided where
the client is built (``addon.runtime``), never inside it or in ``sync/``.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import jwt
import requests

from addon.connect.qsh import query_hash
from addon.connectors.jira.client import JiraError
from addon.connectors.jira.verdict import Kind, Verdict

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


class ForgeBearerAuth(requests.auth.AuthBase):
    """The Forge app system token of the site's installation, as a bearer token.

    ``token`` None: no usable token is known (expired, or none sent yet). The call is then not made: it fails
    as a rate limit does, to be tried again later, by when Forge will have sent a fresh one (the hourly
    scheduled trigger brings one valid for two hours).
    """

    # Looking again costs no call to Jira, only a read of the tenant: soon enough to go on within seconds of a
    # fresh token's arrival.
    WAIT_SECONDS = 5.0

    def __init__(self, token: str | None, api_base_url: str):
        self._token = token
        self._origin = _origin(api_base_url)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if _origin(request.url) != self._origin:
            raise ValueError(f"refusing to send the Forge app token of {self._origin} to another host")
        if self._token is None:
            raise JiraError(Verdict(Kind.RETRY_AFTER, self.WAIT_SECONDS, message="waiting for Forge to send "
                                    "a fresh app token for this site"))
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
