"""The Forge door's triggers (docs/forge.md): verify the FIT, record, acknowledge. Nothing is processed here.

Forge gives a remote 5 s to answer an event and retries 4 times otherwise: each route does one verified read of
the site and at most one write, then answers.
"""
from __future__ import annotations

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest

from addon.forge.events import NotAnEvent, dedupe_key, inbox_event
from addon.forge.installations import installed_tenant, keep_newest_token, record_installation, record_uninstall
from addon.jobs.inbox import record_event
from addon.sync.needless import nothing_to_carry
from addon.web.bodies import json_object, raw_body
from addon.web.forge_auth import SYSTEM_TOKEN_HEADER, installed_site, verified_invocation
from addon.web.services import services
from addon.web.webhooks import acknowledged, answer

bp = Blueprint("forge", __name__, url_prefix="/forge")

LIFECYCLE_BODY_LIMIT = 64 * 1024
INSTALL_EVENTS = ("avi:forge:installed:app", "avi:forge:upgraded:app")


@bp.post("/lifecycle")
def lifecycle():
    invocation = verified_invocation()
    body = json_object(raw_body(LIFECYCLE_BODY_LIMIT))
    if body.get("eventType") not in INSTALL_EVENTS:
        raise BadRequest(f"the lifecycle event must be one of {', '.join(INSTALL_EVENTS)}")
    svc = services()
    with svc.db.session() as session:
        tenant = record_installation(session, invocation)
        keep_newest_token(tenant, request.headers.get(SYSTEM_TOKEN_HEADER), svc.secrets)
    return "", 204


@bp.post("/uninstall")
def uninstall():
    invocation = verified_invocation()
    with services().db.session() as session:
        record_uninstall(session, installed_tenant(session, invocation))
    return "", 204


@bp.post("/scheduled")
def scheduled():
    """The hourly trigger: it brings a fresh app token (kept by ``installed_site``). Reconciliation runs in the
    workers' own periodic sweep (``TANDEM_RECONCILE_SECONDS``), through whichever door each site uses."""
    installed_site(verified_invocation())
    return "", 204


@bp.post("/events")
def events():
    invocation = verified_invocation()
    site = installed_site(invocation)
    svc = services()
    raw = raw_body(svc.settings.max_webhook_bytes)
    event = json_object(raw)
    try:
        payload = inbox_event(event)
    except NotAnEvent as bad:
        raise BadRequest(str(bad)) from bad
    if payload is None:
        return answer(200, status="ignored", eventType=event["eventType"])
    identifier = dedupe_key(invocation.installation_id, event)
    # A change Tandem made is told apart by the loop guard (addon.sync.loop_guard), from the marks inbox_event
    # set: Forge's selfGenerated, and the trace naming the connection it was made for.
    done_note = nothing_to_carry(payload, site.app_account_id)
    stored = record_event(svc.db, site.tenant_id, identifier, payload, done_note=done_note)
    return acknowledged(stored, identifier)
