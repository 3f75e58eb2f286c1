"""Webhook ingress: verify, store in the inbox, acknowledge. Nothing is processed here."""
import json

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest

from addon.db.inbox import InboxEvent
from addon.jobs.inbox import StoredEvent, fallback_identifier, record_event
from addon.jobs.wakeups import DrainWakeups
from addon.sync.loop_guard import TRACE_KEY
from addon.sync.needless import nothing_to_carry
from addon.web.auth import authenticate_webhook
from addon.web.bodies import json_object, raw_body, unstorable_text, utf8_text
from addon.web.services import services

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier"
TRACE_HEADER = "X-Atlassian-Webhook-Trace"
MAX_TRACE = 1024  # what Jira accepts
WAKEUPS = "tandem.wakeups"
CARRIED_BY_FORGE = "the site's Forge door carries its changes: not synced from the Connect webhook"


@bp.post("/jira")
def jira_webhook():
    svc = services()
    raw = raw_body(svc.settings.max_webhook_bytes)
    site = authenticate_webhook()
    payload = json_object(raw)
    _require_storable_keys(payload)
    identifier = request.headers.get(IDENTIFIER_HEADER) or fallback_identifier(raw)
    if len(identifier) > _column_length("webhook_identifier") or unstorable_text(identifier):
        raise BadRequest(f"{IDENTIFIER_HEADER} must be at most {_column_length('webhook_identifier')} characters, "
                         "without NUL")
    as_received = utf8_text(raw)
    trace = request.headers.get(TRACE_HEADER)
    if trace is not None:
        # Kept with the event: the worker's loop guard tells by it which connection made the change.
        payload[TRACE_KEY] = trace[:MAX_TRACE]
        as_received = with_trace(as_received, payload[TRACE_KEY])
    event = _record(svc, site, identifier, payload, as_received)
    if event is None:
        # A redelivery, or the site uninstalled, disabled or reinstalled since its secret was remembered:
        # a fresh read decides (401 if the site can no longer sign).
        site = authenticate_webhook(remembered=False)
        event = _record(svc, site, identifier, payload, as_received)
    return acknowledged(event, identifier)


def with_trace(as_received: str | None, trace: str) -> str | None:
    """The body as received (a JSON object) with the trace as its last key, which JSON readers keep over an earlier
    one of the same name: most webhooks that carry a trace are the echoes of Tandem's own writes, and serialising
    their parsed body again cost each a fifth of its CPU. None (serialise the parsed body) if there is no text."""
    if as_received is None:
        return None
    head = as_received.rstrip()[:-1].rstrip()  # a JSON object's text ends with "}", then white space at most
    return f'{head}{"" if head.endswith("{") else ","}{json.dumps(TRACE_KEY)}:{json.dumps(trace)}}}'


def acknowledged(event: StoredEvent | None, identifier: str) -> Response:
    """The answer to an event delivery (None: stored before); a worker is woken for what needs processing."""
    if event is None:
        return answer(200, status="duplicate", identifier=identifier)
    if not event.done:
        wakeups: DrainWakeups = current_app.extensions[WAKEUPS]
        wakeups.wake(event.tenant_id, event.issue_id)
    return answer(202, status="accepted", identifier=identifier, event_id=event.id)


def _require_storable_keys(payload: dict) -> None:
    """What the inbox stores in columns of its own must fit them: a 400 here, not a database error."""
    event_type = payload.get("webhookEvent")
    if not isinstance(event_type, str) or not 0 < len(event_type) <= _column_length("event_type"):
        raise BadRequest(f"the webhook body needs a webhookEvent of 1 to {_column_length('event_type')} characters")
    issue = payload.get("issue")
    issue_id = issue.get("id") if isinstance(issue, dict) else None
    if issue_id is not None and (not isinstance(issue_id, (str, int)) or isinstance(issue_id, bool)
                                 or len(str(issue_id)) > _column_length("issue_id")):
        raise BadRequest(f"the webhook's issue.id must be a string or number of at most "
                         f"{_column_length('issue_id')} characters")


def _column_length(name: str) -> int:
    return COLUMN_LENGTHS[name]


COLUMN_LENGTHS = {name: InboxEvent.__table__.c[name].type.length
                  for name in ("webhook_identifier", "event_type", "issue_id")}


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

