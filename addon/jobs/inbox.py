"""The inbox: every received webhook, stored once, before it is acknowledged."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy.exc import IntegrityError

from addon.db import Database
from addon.db.inbox import InboxEvent


def fallback_identifier(raw: bytes) -> str:
    """Jira always sends an identifier; if one is ever missing, identical bodies still dedupe."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def issue_id_of(payload: dict) -> str | None:
    issue = payload.get("issue")
    if isinstance(issue, dict) and issue.get("id") is not None:
        return str(issue["id"])
    return None


def record_event(db: Database, tenant_id: int, identifier: str, payload: dict) -> InboxEvent | None:
    """Store the event; None when this delivery was stored before (a redelivery)."""
    event = InboxEvent(
        tenant_id=tenant_id,
        webhook_identifier=identifier,
        event_type=str(payload["webhookEvent"]),
        issue_id=issue_id_of(payload),
        payload=json.dumps(payload, separators=(",", ":")),
    )
    try:
        with db.session() as session:
            session.add(event)
    except IntegrityError:
        return None
    return event
