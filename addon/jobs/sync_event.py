"""Carrying one inbox event across one connection: read the source, plan, write the twin, link.

This is the thin executor DESIGN.md asks for: the decisions are made in
``addon.sync``; here we only read, call connectors and record links and history.
Before each call it tells its journal what it attempts, so that a failure says
where it stopped ("create issue in SUP").
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError
from addon.db.connection import Connection, other_side
from addon.db.inbox import route_key
from addon.db.tenant import Tenant
from addon.jobs import roots
from addon.jobs.attachment_copy import ATTACHMENT_FIELD, AttachmentCopies
from addon.jobs.comment_copy import CommentSync
from addon.jobs.failures import SyncFailed
from addon.jobs.history import Journal
from addon.jobs.issue_copy import IssueSync
from addon.jobs.people import PeopleOnArrival
from addon.sync.loop_guard import Trace

ISSUE_EVENTS = ("jira:issue_created", "jira:issue_updated")
COMMENT_EVENTS = ("comment_created", "comment_updated")


@dataclass
class Route:
    """One direction of one connection, as seen from the event's side."""

    connection: Connection
    side: str
    source: Tenant
    target: Tenant
    outgoing: dict
    incoming: dict
    # The opposite direction's halves: what would travel back from the twin.
    back_outgoing: dict
    back_incoming: dict
    # Whether another connection (active, paused or in error) also has the target project: then a copy into it
    # first looks for a copy of its root there (addon.jobs.roots). True when not known, which is always safe.
    target_shared: bool = True

    @property
    def other(self) -> str:
        return other_side(self.side)

    @property
    def target_project_id(self) -> str:
        return self.connection.side(self.other)[1]

    @property
    def source_project_id(self) -> str:
        return self.connection.side(self.side)[1]

    @property
    def source_project_key(self) -> str:
        return self.connection.side(self.side)[2]

    @property
    def target_project_key(self) -> str:
        return self.connection.side(self.other)[2]

    @property
    def key(self) -> str:
        """The route's key in the inbox (addon.jobs.routes)."""
        return route_key(self.connection.id, self.side)

    def origin(self, issue_id: str) -> str:
        return f"{self.connection.id}:{self.side}:{issue_id}"


class EventSync(IssueSync, CommentSync):
    """One event on one route. What it does with an issue is in ``addon.jobs.issue_copy``, with a comment in
    ``addon.jobs.comment_copy``; here is what both share: the route, the session, both sites' APIs, the journal."""

    def __init__(self, runtime, session: Session, route: Route, payload: dict, retried: bool,
                 event_id: int | None = None):
        self.rt = runtime
        self.session = session
        self.route = route
        self.payload = payload
        self.retried = retried
        self.event_id = event_id
        # Both traced (addon.sync.loop_guard): what we write for this connection is an echo for it alone.
        self.source_api = runtime.jira(route.source, Trace(route.connection.id, route.side, sole=False).value)
        self.journal = Journal(session, route.connection.id, route.side, payload, event_id)
        issue = payload.get("issue") or {}
        self.source_label = issue.get("key") or f"issue {issue.get('id')}"
        self.people = PeopleOnArrival(runtime, route)
        self.attachments = AttachmentCopies(self)

    def run(self) -> None:
        """Raises SyncFailed, telling the step where any error stopped it."""
        kind = self.payload.get("webhookEvent")
        try:
            if kind in ISSUE_EVENTS:
                self.sync_issue()
            elif kind in COMMENT_EVENTS:
                self.sync_comment()
            elif kind == "comment_deleted":
                self.delete_comment()
            elif kind == "jira:issue_deleted":
                self.issue_deleted()
        except Exception as error:
            raise SyncFailed(self.journal.step, error) from error

    @cached_property
    def target_api(self):
        return self.rt.jira(self.route.target, Trace(self.route.connection.id, self.route.side,
                                                     not self.route.target_shared).value)

    def _target_facts(self):
        """The receiving project's facts (read once a while per process: addon.jobs.metadata)."""
        return self.rt.metadata.target(self.route.target, self.route.target_project_id)

    def _project_facts(self, tenant: Tenant, project_id: str, project_key: str):
        self.journal.attempt(f"read the issue types and fields of {project_key}", tenant)
        return self.rt.metadata.target(tenant, project_id)


    def _read_source_issue(self, issue_id: str) -> dict | None:
        wanted = list(dict.fromkeys([*self.route.outgoing["fields"], "issuetype", "project", "parent", "status",
                                     *([ATTACHMENT_FIELD] if self.attachments.sent else [])]))
        self.journal.attempt(f"read {self.source_label}", self.route.source)
        try:
            return self.source_api.get_issue(issue_id, wanted)
        except JiraError as error:
            if error.verdict.status == 404:
                return None  # deleted since the event: nothing left to carry
            raise

    @contextmanager
    def _copying(self, pair_key: str, root: str):
        """Held while looking for a copy of ``root`` in the target and making one if none. In a triangle both
        directions of a pair may link the same two issues or comments (each side holds a copy of the root): the
        pair's own lease, taken before the root's, lets the second see what the first linked."""
        pair_site, seconds = min(self.route.source.id, self.route.target.id), self.rt.settings.lease_seconds
        with roots.copying(self.rt.db, pair_site, pair_key, seconds), \
                roots.copying(self.rt.db, self.route.target.id, root, seconds):
            yield
