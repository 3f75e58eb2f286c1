"""The sync history as the executor writes it, and its retention.

Entries of applied operations join the executor's session, so they commit (or roll back) together
with the links that record the same writes. Failures are written by ``failures.mark_failed``.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from addon.db import history
from addon.db.base import utcnow
from addon.db.history import DIRECTIONS, SyncHistory
from addon.db.tenant import Tenant
from addon.jobs.failures import Step
from addon.jobs.retention import delete_in_batches

# Events that bring a new item: only their skips are told, since every later edit of an issue that is
# not synced would tell the same skip again.
NEW_ITEM_EVENTS = ("jira:issue_created", "comment_created")
ADD_ENTRY = insert(SyncHistory.__table__)


class Journal:
    """What the executor does with one event on one connection: the step it is at, and what it applied."""

    def __init__(self, session: Session, connection_id: int, side: str, payload: dict, event_id: int | None):
        issue = payload.get("issue") or {}
        self._session = session
        self._event_id = event_id
        self._new_item = payload.get("webhookEvent") in NEW_ITEM_EVENTS
        issue_id = issue.get("id")
        self.step = Step(connection_id, DIRECTIONS[side], str(issue_id) if issue_id is not None else None,
                         issue.get("key"))

    def attempt(self, what: str, site: Tenant) -> None:
        """Say what comes next, e.g. "create issue in SUP": a failure is reported as having tried that."""
        self.step.attempted, self.step.site_url = what, site.base_url

    def applied(self, action: str, twin_key: str, detail: str | None = None) -> None:
        self.step.target_issue_key = twin_key
        self._add(action, detail, history.OK)

    def left_out(self, twin_key: str | None, reason: str) -> None:
        """A value not written while the rest of the item was: told on every event, as each tried to write it."""
        self.step.target_issue_key = twin_key or self.step.target_issue_key
        self._add(history.LEFT_OUT_VALUE, reason, history.SKIPPED)

    def failed_part(self, detail: str) -> None:
        """A part of the item could not be applied (a status no transition reaches) while the rest was: a failure
        in the history, without failing the event, so that the issue's later changes are not held behind it."""
        self._add(history.FAILED, detail, history.FAILED)

    def skipped(self, reason: str) -> None:
        if self._new_item:
            self._add(history.SKIPPED, reason, history.SKIPPED)

    def skipped_once(self, reason: str) -> None:
        """A skip its caller tells only once by itself (it remembers the item as skipped), whatever the event."""
        self._add(history.SKIPPED, reason, history.SKIPPED)

    def _add(self, action: str, detail: str | None, outcome: str) -> None:
        # A plain INSERT in the session's transaction: nothing reads the entry back, so the ORM's unit of work
        # (and the RETURNING of its id) would be spent for nothing on every event.
        step = self.step
        self._session.execute(ADD_ENTRY, dict(
            connection_id=step.connection_id, event_id=self._event_id, direction=step.direction,
            source_issue_id=step.source_issue_id, source_issue_key=step.source_issue_key,
            target_issue_key=step.target_issue_key, action=action, detail=detail, outcome=outcome))


def purge_history(runtime) -> int:
    """Deletes entries older than ``TANDEM_HISTORY_DAYS``; returns how many."""
    cutoff = utcnow() - timedelta(days=runtime.settings.history_days)
    return delete_in_batches(runtime.db, SyncHistory, SyncHistory.at < cutoff)
