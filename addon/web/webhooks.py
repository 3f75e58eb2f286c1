"""Webhook ingress: verify, store in the inbox, acknowledge. Nothing is processed here."""
import json

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest

from addon.jobs.inbox import StoredEvent, fallback_identifier, record_event
from addon.jobs.wakeups import DrainWakeups
from addon.sync.needless import nothing_to_carry
from addon.web.auth import authenticate_webhook
from addon.web.bodies import json_object, raw_body, utf8_text
from addon.web.services import services

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier"
WAKEUPS = "tandem.wakeups"
CARRIED_BY_FORGE = "the site's Forge door carries its changes: not synced from the Connect webhook"


@bp.post("/jira")
def jira_webhook():
    svc = services()
    raw = raw_body(svc.settings.max_webhook_bytes)
    site = authenticate_webhook()
    payload = json_object(raw)
    if not isinstance(payload.get("webhookEvent"), str):
        raise BadRequest("the webhook body has no webhookEvent")
    identifier = request.headers.get(IDENTIFIER_HEADER) or fallback_identifier(raw)
    if len(identifier) > 255:
        raise BadRequest(f"{IDENTIFIER_HEADER} is longer than 255 characters")
    as_received = utf8_text(raw)
    event = _record(svc, site, identifier, payload, as_received)
    if event is None:
        # A redelivery, or the site uninstalled, disabled or reinstalled since its secret was remembered:
        # a fresh read decides (401 if the site can no longer sign).
        site = authenticate_webhook(remembered=False)
        event = _record(svc, site, identifier, payload, as_received)
    return acknowledged(event, identifier)


def acknowledged(event: StoredEvent | None, identifier: str) -> Response:
    """The answer to an event delivery (None: stored before); a worker is woken for what needs processing."""
    if event is None:
        return answer(200, status="duplicate", identifier=identifier)
    if not event.done:
        wakeups: DrainWakeups = current_app.extensions[WAKEUPS]
        wakeups.wake(event.tenant_id, event.issue_id)
    return answer(202, status="accepted", identifier=identifier, event_id=event.id)


def answer(http_status: int, **fields) -> Response:
    # Not jsonify: its provider (sorting, indenting, content negotiation) cost a twentieth of a webhook's CPU.
    return Response(json.dumps(fields), status=http_status, mimetype="application/json")


def _record(svc, site, identifier: str, payload: dict, as_received: str | None):
    if site.forge_door:
        # Stored as done, so unguarded: the same change comes as a Forge event, which is the one carried.
        return record_event(svc.db, site.tenant_id, identifier, payload, done_note=CARRIED_BY_FORGE,
                            as_received=as_received)
    # Decided again for a fresh read of the site: what it knows of Tandem's own user may have changed.
    return record_event(svc.db, site.tenant_id, identifier, payload, sealed_secret=site.sealed_secret,
                        done_note=nothing_to_carry(payload, site.app_account_id), as_received=as_received)

