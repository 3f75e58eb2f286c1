"""One issue as its viewers see it in Tandem's issue glance: its twins, how their last sync went, and Sync now.

Anyone who may browse the issue sees its status; Sync now needs the right to edit it. Both are asked of the
site each time: a glance is opened now and then, not in a loop.
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from addon.connections.errors import Conflict, Forbidden, NotFound
from addon.connections.sites import load_tenant, require_active
from addon.connectors.jira import JiraError
from addon.db.connection import ACTIVE, Connection, other_side
from addon.db.history import DIRECTIONS, SyncHistory
from addon.db.inbox import FAILED, PENDING, InboxEvent
from addon.db.link import IssueLink
from addon.db.tenant import Tenant
from addon.jobs.inbox import record_event

log = logging.getLogger(__name__)

SYNC_NOW_EVENT = "jira:issue_updated"


@dataclass(frozen=True)
class Viewer:
    """A user of one site looking at one of its issues."""

    tenant_id: int
    account_id: str | None


@dataclass(frozen=True)
class LastSync:
    at: datetime
    direction: str
    action: str
    detail: str | None
    outcome: str


@dataclass(frozen=True)
class TwinView:
    connection_id: int
    connection_name: str
    connection_status: str
    site_url: str
    project_key: str
    issue_key: str
    url: str
    last_sync: LastSync | None
    open_error: str | None  # what failed and Jira's words, while the item waits for Retry or Skip


@dataclass(frozen=True)
class ConnectionRef:
    id: int
    name: str
    status: str


@dataclass(frozen=True)
class IssueSyncStatus:
    issue_id: str
    issue_key: str
    project_key: str
    twins: list[TwinView]
    connections: list[ConnectionRef]  # every connection of the issue's project
    pending: int  # events of this issue not carried across yet


@dataclass(frozen=True)
class SyncRequested:
    event_id: int
    issue_id: str
    issue_key: str


def sync_status(runtime, viewer: Viewer, issue_id: int) -> IssueSyncStatus:
    tenant = _tenant(runtime, viewer)
    issue = _readable_issue(runtime, tenant, viewer, issue_id, "BROWSE_PROJECTS")
    project = issue["fields"]["project"]
    with runtime.db.session() as session:
        pairs = session.execute(select(IssueLink, Connection).join(Connection, Connection.id == IssueLink.connection_id)
                                .where(_links_of(tenant.id, str(issue_id))).order_by(IssueLink.id)).all()
        twins = [_twin_view(session, link, connection, connection.side_of(tenant.id, str(project["id"])))
                 for link, connection in pairs]
        pending = session.scalar(select(func.count()).where(InboxEvent.tenant_id == tenant.id,
                                                            InboxEvent.issue_id == str(issue_id),
                                                            InboxEvent.status == PENDING))
        connections = [ConnectionRef(c.id, c.name, c.status)
                       for c in _connections_of(session, tenant.id, str(project["id"]))]
    return IssueSyncStatus(str(issue_id), issue["key"], project["key"], [t for t in twins if t], connections, pending)


def request_sync(runtime, viewer: Viewer, issue_id: int) -> SyncRequested:
    """Queues the issue as if it had just been edited: every running connection of its project carries it again
    (a missing twin is created, differing fields are written)."""
    tenant = _tenant(runtime, viewer)
    issue = _readable_issue(runtime, tenant, viewer, issue_id, "EDIT_ISSUES")
    project = issue["fields"]["project"]
    with runtime.db.session() as session:
        running = [c for c in _connections_of(session, tenant.id, str(project["id"])) if c.status == ACTIVE]
    if not running:
        raise Conflict(f"no running synchronization covers project {project['key']}; start one in its settings")
    payload = {"webhookEvent": SYNC_NOW_EVENT, "timestamp": int(time.time() * 1000),
               "issue_event_type_name": "issue_generic", "user": {"accountId": viewer.account_id},
               "issue": {"id": str(issue_id), "key": issue["key"],
                         "fields": {"project": {"id": str(project["id"]), "key": project["key"]}}}}
    # Our own identifier space: it can never meet one of Jira's webhook identifiers.
    event = record_event(runtime.db, tenant.id, f"tandem-sync-now:{uuid.uuid4()}", payload)
    try:
        runtime.tasks.enqueue_drain(tenant.id, str(issue_id))
    except Exception:  # the event is stored: a worker's sweep enqueues it if the queue is away now
        log.exception("could not enqueue Sync now of issue %s; the sweep will pick it up", issue_id)
    return SyncRequested(event.id, str(issue_id), issue["key"])


def _tenant(runtime, viewer: Viewer) -> Tenant:
    with runtime.db.session() as session:
        return require_active(load_tenant(session, viewer.tenant_id))


def _readable_issue(runtime, tenant: Tenant, viewer: Viewer, issue_id: int, permission: str) -> dict:
    """The issue's key and project, once the site says the viewer holds ``permission`` on it. An issue the viewer
    may not see answers exactly like one that does not exist."""
    missing = NotFound(f"no issue {issue_id} that you can see on {tenant.base_url}")
    jira = runtime.jira(tenant)
    if not viewer.account_id or not jira.holds_on_issue(viewer.account_id, issue_id, "BROWSE_PROJECTS"):
        raise missing
    if permission != "BROWSE_PROJECTS" and not jira.holds_on_issue(viewer.account_id, issue_id, permission):
        raise Forbidden(f"only people who may edit {issue_id} can ask for it to be synced now")
    try:
        return jira.get_issue(issue_id, ["project"])
    except JiraError as error:
        if error.verdict.status == 404:
            raise missing from error
        raise


def _links_of(tenant_id: int, issue_id: str):
    on_a = and_(Connection.a_tenant_id == tenant_id, IssueLink.a_issue_id == issue_id)
    on_b = and_(Connection.b_tenant_id == tenant_id, IssueLink.b_issue_id == issue_id)
    return or_(on_a, on_b)


def _connections_of(session: Session, tenant_id: int, project_id: str) -> list[Connection]:
    return list(session.scalars(select(Connection).where(Connection.of_project(tenant_id, project_id))
                                .order_by(Connection.id)))


def _twin_view(session: Session, link: IssueLink, connection: Connection, side: str | None) -> TwinView | None:
    if side is None:  # a link of another project of this site (the issue moved): not this project's business
        return None
    there = other_side(side)
    twin_tenant = session.get(Tenant, connection.side(there)[0])
    site_url = twin_tenant.base_url if twin_tenant else ""
    key = link.issue_key(there)
    return TwinView(connection.id, connection.name, connection.status, site_url, connection.side(there)[2] or "", key,
                    f"{site_url}/browse/{key}", _last_sync(session, connection, link),
                    _open_error(session, connection, link))


def _last_sync(session: Session, connection: Connection, link: IssueLink) -> LastSync | None:
    """The newest history entry of the pair, in either direction."""
    from_a = and_(SyncHistory.direction == DIRECTIONS["a"], SyncHistory.source_issue_key == link.a_issue_key)
    from_b = and_(SyncHistory.direction == DIRECTIONS["b"], SyncHistory.source_issue_key == link.b_issue_key)
    entry = session.scalar(select(SyncHistory).where(SyncHistory.connection_id == connection.id, or_(from_a, from_b))
                           .order_by(SyncHistory.id.desc()).limit(1))
    return LastSync(entry.at, entry.direction, entry.action, entry.detail, entry.outcome) if entry else None


def _open_error(session: Session, connection: Connection, link: IssueLink) -> str | None:
    ends = [and_(InboxEvent.tenant_id == connection.side(side)[0], InboxEvent.issue_id == link.issue_id(side))
            for side in ("a", "b")]
    event = session.scalar(select(InboxEvent).where(InboxEvent.failed_connection_id == connection.id,
                                                    InboxEvent.status == FAILED, or_(*ends))
                           .order_by(InboxEvent.id.desc()).limit(1))
    if event is None:
        return None
    return f"{event.attempted}: {event.last_error}" if event.attempted else event.last_error
