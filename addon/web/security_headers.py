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

from flask import Flask, Response, request

from addon.web.services import services

HSTS = "max-age=31536000"
NOT_FRAMED = "frame-ancestors 'none'"


def register_security_headers(app: Flask) -> None:
    app.after_request(_secure)


# Each unless the response set its own (by lower-case name).
DEFAULTS = (("x-content-type-options", "X-Content-Type-Options", "nosniff"),
            ("referrer-policy", "Referrer-Policy", "no-referrer"),
            ("cache-control", "Cache-Control", "no-cache, no-store"),
            ("content-security-policy", "Content-Security-Policy", NOT_FRAMED))


def _secure(response: Response) -> Response:
    headers = response.headers
    # One look at the names set, not Headers.setdefault: that scans every header and builds a KeyError for each
    # name missing, which cost every webhook a tenth of its CPU.
    present = {name.lower() for name in headers.keys()}
    headers.extend([(name, value) for key, name, value in DEFAULTS if key not in present])
    if request.is_secure or services().settings.base_url.startswith("https://"):
        headers["Strict-Transport-Security"] = HSTS
    return response


def frame_ancestors(site_url: str | None) -> str:
    """The CSP of an iframe page: framed by the tenant's site (when known) and Atlassian's domains only."""
    sources = list(services().settings.frame_ancestors)
    if site_url:
        parts = urlsplit(site_url)
        sources.insert(0, f"{parts.scheme}://{parts.netloc}")
    return "frame-ancestors " + " ".join(sources)
