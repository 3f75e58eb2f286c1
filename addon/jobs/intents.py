"""Intents to create a twin (addon.db.intent): opened before the create call, closed with the link it made."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from addon.connectors.jira import Verdict
from addon.db.base import DIALECT_INSERTS, utcnow
from addon.db.intent import CreateIntent


def open_intent(session: Session, connection_id: int, side: str, source_issue_id: str, origin: str) -> None:
    """Opens it, or renews it for another create call."""
    insert = DIALECT_INSERTS[session.get_bind().dialect.name](CreateIntent)
    values = {"connection_id": connection_id, "side": side, "source_issue_id": source_issue_id, "origin": origin,
              "opened_at": utcnow()}
    session.execute(insert.values(**values).on_conflict_do_update(
        index_elements=["connection_id", "side", "source_issue_id"],
        set_={"origin": origin, "opened_at": values["opened_at"]}))


def close_intent(session: Session, connection_id: int, side: str, source_issue_id: str) -> None:
    session.execute(delete(CreateIntent).where(CreateIntent.connection_id == connection_id, CreateIntent.side == side,
                                               CreateIntent.source_issue_id == source_issue_id))


def opened_at(session: Session, connection_id: int, side: str, source_issue_id: str) -> datetime | None:
    """When the open intent's latest create call was made; None when none is open."""
    return session.scalar(select(CreateIntent.opened_at).where(
        CreateIntent.connection_id == connection_id, CreateIntent.side == side,
        CreateIntent.source_issue_id == source_issue_id))


def surely_not_made(verdict: Verdict) -> bool:
    """Whether a failed create certainly made nothing: Jira refused it (4xx, including 429). A 5xx, a timeout
    or a dropped connection may come after Jira did the work."""
    return verdict.status is not None and 400 <= verdict.status < 500
