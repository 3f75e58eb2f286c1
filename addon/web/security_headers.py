"""The headers Atlassian's security requirements for cloud apps ask of every response (its scanner,
connect-security-req-tester, checks them).

- HSTS, for a year, whenever the request reached us over HTTPS: directly, or through a proxy that says so with
  ``X-Forwarded-Proto: https`` (gunicorn believes it from the addresses in ``FORWARDED_ALLOW_IPS``), or when the
  public base URL is HTTPS (then browsers only ever reach us over HTTPS, whatever the last hop).
- Nothing is cached: pages and API answers carry tenant data (the built front end sets its own caching).
- No Referer: the iframe pages' URLs carry Jira's ``?jwt=``.
- No content sniffing, and no framing except of the iframe pages by the tenant's site and Atlassian's domains.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from addon.web.services import services

HSTS = "max-age=31536000"
NOT_FRAMED = "frame-ancestors 'none'"


def register_security_headers(app: Flask) -> None:
    base_url = app.extensions["tandem"].settings.base_url
    app.wsgi_app = SecurityHeaders(app.wsgi_app, https_only=base_url.startswith("https://"))


# Each unless the response set its own (compared by lower-case name).
DEFAULTS = (("x-content-type-options", "X-Content-Type-Options", "nosniff"),
            ("referrer-policy", "Referrer-Policy", "no-referrer"),
            ("cache-control", "Cache-Control", "no-cache, no-store"),
            ("content-security-policy", "Content-Security-Policy", NOT_FRAMED))


class SecurityHeaders:
    """WSGI middleware: the headers join the list the response starts with. Through Flask's Headers (setdefault,
    or a validated add per header) they cost every webhook a tenth of its CPU."""

    def __init__(self, app, https_only: bool):
        self.app, self.https_only = app, https_only

    def __call__(self, environ, start_response):
        over_https = self.https_only or environ.get("wsgi.url_scheme") == "https"

        def start_secured(status, headers, exc_info=None):
            headers = list(headers)
            present = {name.lower() for name, _ in headers}
            headers.extend((name, value) for key, name, value in DEFAULTS if key not in present)
            if over_https and "strict-transport-security" not in present:
                headers.append(("Strict-Transport-Security", HSTS))
            return start_response(status, headers, exc_info)

        return self.app(environ, start_secured)


def frame_ancestors(site_url: str | None) -> str:
    """The CSP of an iframe page: framed by the tenant's site (when known) and Atlassian's domains only."""
    sources = list(services().settings.frame_ancestors)
    if site_url:
        parts = urlsplit(site_url)
        sources.insert(0, f"{parts.scheme}://{parts.netloc}")
    return "frame-ancestors " + " ".join(sources)
