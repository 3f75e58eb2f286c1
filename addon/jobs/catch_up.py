"""Catch-up: what a connection missed while paused or in error, fed through the inbox once it runs again.

While halted, a connection misses the events of its projects, and remembers when it missed the first
(``halted_at``, see ``addon.jobs.process``). Reconciliation repairs the issues that were linked already, but
an issue created, or come into scope, meanwhile would never get its twin. So once the connection is active
again, each side's project is searched for the issues updated since then, less a safety margin, and each is
fed back as synthetic events on the normal path:

- an issue without a twin: ``jira:issue_updated``, which creates the twin, then ``comment_created`` for each
  of its comments in Jira's order, as creating a twin does not copy them;
- a linked issue: what reconciliation would repair (``missed_changes``): the issue, and comments added,
  edited or deleted.

Their identifiers name the halt, so a catch-up run twice queues nothing twice. ``halted_at`` is cleared once
everything is queued; a site that does not answer leaves it set, and the reconciliation round enqueues the
catch-up again (``enqueue_due``). Every worker's round does that, so the catch-up of a connection runs once at a
time (``addon.jobs.exclusive``); and it keeps no database transaction open while it waits for the sites.

JQL reads a date such as ``2026/11/22 09:30`` in the time zone of the user who searches, here Tandem's own
user, whose zone ``/myself`` tells.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update

from addon.connectors.jira import JiraError
from addon.db.connection import ACTIVE, Connection
from addon.jobs import exclusive, links
from addon.jobs.leases import Lease
from addon.jobs.process import routes_of
from addon.jobs.reconcile import missed_changes
from addon.jobs.sync_event import Route
from addon.jobs.synthetic import issue_reference, queue_event, synthetic_event
from addon.sync.planner import PlanError

log = logging.getLogger(__name__)

# Webhooks trail the changes they tell of, and Jira's clock is not ours.
SAFETY_MARGIN = timedelta(minutes=1)
# A time zone name we cannot read: the date is written in UTC, that much earlier, so that however far west of
# UTC the user's zone lies, Jira's reading of it cannot start the window late.
FURTHEST_WEST_OF_UTC = timedelta(hours=12)
SEARCHED_FIELDS = ["project"]


@dataclass(frozen=True)
class Halt:
    """What one catch-up starts from: the connection's ``halted_at``, and its ``updated_at`` when read."""

    at: datetime
    seen_version: datetime

    @property
    def since(self) -> datetime:
        return self.at - SAFETY_MARGIN

    def identifier(self, route: Route, issue_id: str, kind: str, comment_id: str | None) -> str:
        issue = f"catchup:{route.connection.id}:{route.side}:{issue_id}:{int(self.at.timestamp() * 1000)}"
        return f"{issue}:{kind}:{comment_id}" if comment_id else issue

    def marks(self) -> dict:
        # The event stands for a change made at the earliest when the window opens. Missed again by a new halt,
        # it takes halted_at back there: the next catch-up searches that window again, under new identifiers.
        return {"tandemCatchUp": True, "timestamp": int(self.since.timestamp() * 1000)}


def enqueue_due(runtime) -> int:
    """Enqueues the catch-up of every running connection that still owes one: its job was lost with the queue,
    or met a site that did not answer."""
    with runtime.db.session() as session:
        due = session.scalars(select(Connection.id).where(Connection.status == ACTIVE,
                                                          Connection.halted_at.is_not(None))).all()
    for connection_id in due:
        runtime.tasks.enqueue_catch_up(connection_id)
    return len(due)


def catch_up(runtime, connection_id: int) -> int:
    """Queues what the connection missed; returns how many events. Nothing to do unless it is active again, or
    while another worker catches the connection up."""
    with runtime.db.session() as session:
        tenant_id = session.scalar(select(Connection.a_tenant_id).where(Connection.id == connection_id))
    if tenant_id is None:
        return 0
    return exclusive.alone(runtime, tenant_id, f"catch-up:{connection_id}",
                           lambda lease: _catch_up_alone(runtime, connection_id, lease))


def _catch_up_alone(runtime, connection_id: int, lease: Lease) -> int:
    # Read, then the session is closed: no transaction stays open while the sites are scanned, which takes as
    # long as they take to answer.
    with runtime.db.session() as session:
        connection = session.get(Connection, connection_id)
        if connection is None or connection.status != ACTIVE or connection.halted_at is None:
            return 0
        halt = Halt(connection.halted_at, connection.updated_at)
        routes = routes_of(session, connection)
    try:
        queued = sum(_catch_up_side(runtime, route, halt, lease) for route in routes)
    except JiraError as error:
        log.info("catch-up of connection %s waits for the next reconciliation round: %s", connection_id, error)
        return 0
    # Only if nothing changed the connection since it was read: a pause, a missed event or a failure meanwhile
    # (each stamps updated_at) leaves halted_at for the next round, which queues only what is new.
    with runtime.db.session() as session:
        session.execute(update(Connection).where(Connection.id == connection_id,
                                                 Connection.updated_at == halt.seen_version).values(halted_at=None))
    return queued


def _catch_up_side(runtime, route: Route, halt: Halt, lease: Lease) -> int:
    source = runtime.jira(route.source)
    jql = updated_since(route.source_project_id, halt.since, source.myself().get("timeZone"))
    queued = 0
    for found in source.every_issue(jql, SEARCHED_FIELDS):
        lease.keep()
        queued += _catch_up_issue(runtime, route, found, halt)
    return queued


def _catch_up_issue(runtime, route: Route, found: dict, halt: Halt) -> int:
    issue_id = str(found["id"])
    with runtime.db.session() as session:
        link = links.find_issue_link(session, route.connection.id, route.side, issue_id)
    try:
        if link is None:
            missed = _all_of(runtime, route, issue_id)
        else:
            with runtime.db.session() as session:  # read after its calls to Jira (see missed_changes)
                missed = missed_changes(runtime, session, route, link)
    except PlanError as error:
        log.info("catch-up of %s on connection %s skipped: %s", found["key"], route.connection.id, error)
        return 0
    issue = issue_reference(route, issue_id, found["key"])
    return sum(queue_event(runtime, route.source.id, halt.identifier(route, issue_id, kind, comment_id),
                           synthetic_event(kind, issue, comment_id, **halt.marks()))
               for kind, comment_id in missed)


def _all_of(runtime, route: Route, issue_id: str) -> list[tuple[str, str | None]]:
    """An issue without a twin: the event that creates one, then its comments in order."""
    comments = runtime.jira(route.source).comments(issue_id)
    return [("jira:issue_updated", None), *(("comment_created", str(comment["id"])) for comment in comments)]


def updated_since(project_id: str, since: datetime, time_zone: str | None) -> str:
    """The project's issues updated at or after ``since``, oldest first, so new twins come in their order."""
    return f'project = {project_id} AND updated >= "{jql_date(since, time_zone)}" ORDER BY created ASC'


def jql_date(moment: datetime, time_zone: str | None) -> str:
    """``moment`` as JQL reads it in ``time_zone``; JQL dates stop at the minute, which only widens the window."""
    try:
        local = moment.astimezone(ZoneInfo(time_zone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        local = (moment - FURTHEST_WEST_OF_UTC).astimezone(timezone.utc)
    return local.strftime("%Y/%m/%d %H:%M")
