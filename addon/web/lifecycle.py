"""Lifecycle callbacks: Jira tells us a site installed, removed, enabled or disabled the app."""
from flask import Blueprint
from werkzeug.exceptions import BadRequest

from addon.connect.lifecycle import verify_signed_lifecycle
from addon.connect.tenants import find_tenant, record_install, record_uninstall, set_enabled
from addon.web.auth import authenticate, request_parts
from addon.web.bodies import json_object, raw_body
from addon.web.services import services

bp = Blueprint("lifecycle", __name__, url_prefix="/lifecycle")

LIFECYCLE_BODY_LIMIT = 64 * 1024
INSTALL_FIELDS = ("clientKey", "sharedSecret", "baseUrl", "key")


@bp.post("/installed")
def installed():
    svc = services()
    body = _signed_body()
    _require_install_fields(body, svc.settings.app_key)
    with svc.db.session() as session:
        record_install(session, body, svc.secrets)
    return "", 204


@bp.post("/uninstalled")
def uninstalled():
    body = _signed_body()
    with services().db.session() as session:
        tenant = find_tenant(session, body["clientKey"])
        if tenant is not None:
            record_uninstall(session, tenant)
    return "", 204


@bp.post("/enabled")
def enabled():
    return _toggle(True)


@bp.post("/disabled")
def disabled():
    return _toggle(False)


def _signed_body() -> dict:
    svc = services()
    body = json_object(raw_body(LIFECYCLE_BODY_LIMIT))
    verify_signed_lifecycle(request_parts(), body, svc.settings, svc.install_keys)
    return body


def _toggle(enabled_now: bool):
    # Jira signs enabled/disabled with the shared secret; the site may be disabled right now.
    caller = authenticate(require_enabled=False)
    with services().db.session() as session:
        set_enabled(find_tenant(session, caller.client_key), enabled_now)
    return "", 204


def _require_install_fields(body: dict, app_key: str) -> None:
    missing = [name for name in INSTALL_FIELDS if not isinstance(body.get(name), str) or not body[name]]
    if missing:
        raise BadRequest(f"the install body lacks {', '.join(missing)}")
    if body["key"] != app_key:
        raise BadRequest(f"the install is for app {body['key']!r}, this is {app_key!r}")
