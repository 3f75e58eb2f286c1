"""Forge's HTTP front: the JWKS, and the API gateway ``/ex/jira/<cloudId>/...`` in front of the simulated sites.

The gateway takes ``Authorization: Bearer <app token>`` instead of Connect's JWT, then serves the request as the
site itself does (jirasim's contract check, faults, handlers and records; the site hands the request's
``X-Atlassian-Webhook-Trace`` to the events it causes). That the change came from the app, which Forge reports
as ``selfGenerated``, is kept for the request's thread while it is served.
"""
from __future__ import annotations

import threading
import time

from werkzeug.wrappers import Request, Response

from tests.jirasim import auth
from tests.jirasim.gateway import Gateway

PREFIX = "/ex/jira/"
_serving = threading.local()


def made_by_the_app() -> bool:
    """The change being made comes from a request of the app through the gateway."""
    return getattr(_serving, "by_app", False)


class SiteGateway(Gateway):
    """One site behind the API gateway: its base is ``/ex/jira/<cloudId>``."""

    def __init__(self, site, installation_of):
        super().__init__(site, PREFIX + site.cloud_id)
        self.served = 0  # requests that came through the gateway (the site's ``requests`` has both doors')
        self._installation_of = installation_of  # () -> the site's Forge installation, None when there is none

    def __call__(self, environ, start_response):
        self.served += 1
        _serving.by_app = True
        try:
            return super().__call__(environ, start_response)
        finally:
            _serving.by_app = False

    def _closed_to_app(self, method: str, relative_path: str) -> str | None:
        return None  # Forge apps may call what their scopes allow

    def _authenticate(self, request: Request, relative_url: str) -> None:
        installation = self._installation_of()
        if installation is None:
            raise auth.AuthError("the app is not installed on this site")
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        if scheme != "Bearer" or not token:
            raise auth.AuthError("missing 'Authorization: Bearer <token>' header")
        refused = installation.platform.app_tokens.check(token, self._site.cloud_id)
        if refused:
            raise auth.AuthError(refused)


class PlatformApp:
    """The WSGI app of the platform's one server."""

    def __init__(self, platform):
        self._platform = platform

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/.well-known/jwks.json":
            return self._jwks(environ, start_response)
        if path.startswith(PREFIX):
            cloud_id = path[len(PREFIX):].split("/", 1)[0]
            gateway = self._platform.gateway_for(cloud_id)
            if gateway is not None:
                return gateway(environ, start_response)
        return Response('{"message": "Not Found"}', status=404, mimetype="application/json")(environ, start_response)

    def _jwks(self, environ, start_response):
        self._platform.jwks_hits += 1
        time.sleep(self._platform.jwks_delay_seconds)
        return Response(self._platform.keys.jwks(), mimetype="application/json")(environ, start_response)
