"""Lifecycle callbacks: Jira tells us a site installed, removed, enabled or disabled the app."""
from flask import Blueprint
from marshmallow import INCLUDE, Schema, ValidationError, validate
from marshmallow import fields as mf
from werkzeug.exceptions import BadRequest

from addon.connect.lifecycle import verify_signed_lifecycle
from addon.connect.tenants import find_tenant, record_install, record_uninstall, set_enabled
from addon.web.auth import authenticate, request_parts
from addon.web.bodies import json_object, raw_body
from addon.web.services import services

bp = Blueprint("lifecycle", __name__, url_prefix="/lifecycle")

LIFECYCLE_BODY_LIMIT = 64 * 1024


def _text(max_length: int, required: bool = False) -> mf.String:
    return mf.String(required=required, allow_none=not required, validate=validate.Length(min=1, max=max_length))


class LifecycleBodySchema(Schema):
    """What Tandem reads of a lifecycle body, with the lengths its columns hold; the rest is not looked at."""

    class Meta:
        unknown = INCLUDE

    clientKey = _text(255, required=True)
    baseUrl = _text(1024, required=True)
    key = _text(255)
    sharedSecret = _text(1024)
    displayUrl = _text(1024)
    productType = _text(64)
    cloudId = _text(255)
    description = mf.String(allow_none=True)


class InstallBodySchema(LifecycleBodySchema):
    key = _text(255, required=True)
    sharedSecret = _text(1024, required=True)


@bp.post("/installed")
def installed():
    svc = services()
    body = _signed_body(InstallBodySchema())
    _require_our_app(body, svc.settings.app_key)
    with svc.db.session() as session:
        record_install(session, body, svc.secrets)
    return "", 204


@bp.post("/uninstalled")
def uninstalled():
    body = _signed_body(LifecycleBodySchema())
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


def _signed_body(schema: Schema) -> dict:
    """The body, its types checked before the signature (which reads clientKey and baseUrl from it)."""
    svc = services()
    body = json_object(raw_body(LIFECYCLE_BODY_LIMIT))
    try:
        schema.load(body)
    except ValidationError as invalid:
        field, messages = next(iter(invalid.normalized_messages().items()))
        raise BadRequest(f"the lifecycle body's {field} is invalid: {_first(messages)}") from invalid
    verify_signed_lifecycle(request_parts(), body, svc.settings, svc.install_keys)
    return body


def _first(messages) -> str:
    return messages[0] if isinstance(messages, list) and messages and isinstance(messages[0], str) else str(messages)


def _toggle(enabled_now: bool):
    # Jira signs enabled/disabled with the shared secret; the site may be disabled right now.
    caller = authenticate(require_enabled=False)
    with services().db.session() as session:
        set_enabled(find_tenant(session, caller.client_key), enabled_now)
    return "", 204


def _require_our_app(body: dict, app_key: str) -> None:
    if body["key"] != app_key:
        raise BadRequest(f"the install is for app {body['key']!r}, this is {app_key!r}")
