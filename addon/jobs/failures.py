"""When carrying an event across a connection fails for good: where it stopped, and what people are shown.

The event is marked failed with the connection and the step it stopped at, so that the connection's
error list shows it with Jira's own words and offers Retry or Skip; later events of the same issue wait
behind it on the same route (addon.jobs.routes). A refusal of Tandem's credentials or permissions also flags the
connection: nothing else it does on that site can succeed until someone acts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError, Kind
from addon.db import history
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, ERROR, Connection
from addon.db.history import SyncHistory
from addon.db.inbox import FAILED, SKIPPED, InboxEvent
from addon.sync.planner import PlanError

WAITING_KINDS = (Kind.RETRY_AFTER, Kind.TRANSIENT)


@dataclass
class Step:
    """How far carrying one event across one connection got; a failure is reported at the last step taken."""

    connection_id: int
    direction: str  # "a->b" or "b->a"
    source_issue_id: str | None
    source_issue_key: str | None
    target_issue_key: str | None = None
    attempted: str = "read the event"
    site_url: str | None = None  # the site the step talks to


class SyncFailed(Exception):
    """``cause`` stopped the event at ``step`` (None when it failed before reaching any connection)."""

    def __init__(self, step: Step | None, cause: Exception):
        super().__init__(str(cause))
        self.step = step
        self.cause = cause

    @classmethod
    def of(cls, error: Exception) -> "SyncFailed":
        return error if isinstance(error, SyncFailed) else cls(None, error)

    @property
    def verdict(self):
        return self.cause.verdict if isinstance(self.cause, (JiraError, GaveUp)) else None

    @property
    def worth_waiting(self) -> bool:
        """The same request may succeed later: Jira is busy or away, or our database blinked."""
        verdict = self.verdict
        return (verdict is not None and verdict.kind in WAITING_KINDS) or isinstance(self.cause, OperationalError)

    @property
    def expected(self) -> bool:
        """Jira refused or the configuration does not fit; anything else is a bug."""
        return isinstance(self.cause, (JiraError, PlanError, GaveUp))

    @property
    def message(self) -> str:
        if self.expected:
            return str(self.cause)
        return f"unexpected error: {type(self.cause).__name__}: {self.cause}"

    def given_up(self, retrying_for: float) -> "SyncFailed":
        return SyncFailed(self.step, GaveUp(retrying_for, self))


class GaveUp(Exception):
    """Retried for the whole retry window: what was waited for did not come back."""

    def __init__(self, retrying_for: float, last: SyncFailed):
        super().__init__(f"gave up after retrying for {_duration(retrying_for)}; the last answer was: {last.message}")
        self.last = last

    @property
    def verdict(self):
        return self.last.verdict


def _duration(seconds: float) -> str:
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def mark_retrying(session: Session, ids: list[int], failure: SyncFailed, retry_at: datetime) -> None:
    """Shown in the connection's error list as retrying, on the event that stands for those read as one; tried
    again from ``retry_at``."""
    *read_as_one, last = ids
    step = failure.step
    if read_as_one:  # they wait too: each of them would fail the same way
        session.execute(update(InboxEvent).where(InboxEvent.id.in_(read_as_one))
                        .values(failed_connection_id=None, retry_at=retry_at))
    # processed_at of a pending event: when it first failed, which starts its retry window.
    session.execute(update(InboxEvent).where(InboxEvent.id == last).values(
        last_error=failure.message, failed_connection_id=step.connection_id if step else None,
        attempted=step.attempted if step else None, processed_at=func.coalesce(InboxEvent.processed_at, utcnow()),
        retry_at=retry_at))


def mark_failed(session: Session, ids: list[int], failure: SyncFailed) -> None:
    """``ids``: events read as one, the last standing for the others, so it alone shows as the error."""
    *read_as_one, last = ids
    step = failure.step
    session.execute(update(InboxEvent).where(InboxEvent.id == last).values(
        status=FAILED, processed_at=utcnow(), last_error=failure.message, retry_at=None,
        failed_connection_id=step.connection_id if step else None, attempted=step.attempted if step else None))
    if read_as_one:
        session.execute(update(InboxEvent).where(InboxEvent.id.in_(read_as_one)).values(
            status=SKIPPED, processed_at=utcnow(), note=f"read as one with event {last}, which stands for it"))
    if step is None:
        return
    session.add(_failure_entry(step, last, failure.message))
    if failure.verdict is not None and failure.verdict.kind == Kind.AUTH:
        _needs_attention(session, step, failure.message)


def _failure_entry(step: Step, event_id: int, message: str) -> SyncHistory:
    return SyncHistory(connection_id=step.connection_id, event_id=event_id, direction=step.direction,
                       source_issue_id=step.source_issue_id, source_issue_key=step.source_issue_key,
                       target_issue_key=step.target_issue_key, action=history.FAILED,
                       detail=f"{step.attempted}: {message}", outcome=history.FAILED)


def _needs_attention(session: Session, step: Step, message: str) -> None:
    reason = (f"{step.site_url} refused Tandem while it tried to {step.attempted} ({message}). Check that Tandem "
              "is installed and enabled there and that its user has the permissions it needs, then start the "
              "connection again and retry the failed items.")
    connection = Connection.id == step.connection_id
    session.execute(update(Connection).where(connection).values(attention=reason))
    # Only a running connection falls into error: one stopped or paused meanwhile stays as its admin left it.
    session.execute(update(Connection).where(connection, Connection.status == ACTIVE).values(status=ERROR))
