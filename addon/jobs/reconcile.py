"""Reconciliation: find what lost webhooks left out of sync and feed it back through the inbox.

For each linked pair it asks the planner what it *would* do with the issue and
its comments as they are now; any operation means a change was missed. The
repair is a synthetic inbox event, so it takes the normal path: in order per
issue, under the lease, deduplicated. It also fetches Jira's list of webhooks
that failed for good, where the site offers it.
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid
from datetime import timedelta

from sqlalchemy import or_, select

from addon.connectors.jira import JiraError
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, Connection
from addon.db.link import CommentLink, IssueLink
from addon.db.tenant import Tenant
from addon.jobs import leases, links
from addon.jobs.process import routes_of
from addon.jobs.sync_event import Route
from addon.jobs.synthetic import issue_reference, queue_event, synthetic_event
from addon.sync.planner import PlanError, plan_comment, plan_issue
from addon.sync.replica import comment_replica, issue_replica

log = logging.getLogger(__name__)

LINKS_PER_ROUND = 50
FAILED_WEBHOOKS_WINDOW_MS = 24 * 3600 * 1000


def reconcile(runtime) -> int:
    """One round over every active connection and site; returns the number of repairs queued."""
    with runtime.db.session() as session:
        connections = session.execute(select(Connection.id, Connection.a_tenant_id)
                                      .where(Connection.status == ACTIVE)).all()
        tenants = session.scalars(select(Tenant).where(Tenant.installed, Tenant.enabled)).all()
    repairs = sum(_under_lease(runtime, tenant_id, f"reconcile:{connection_id}",
                               lambda cid=connection_id: reconcile_connection(runtime, cid))
                  for connection_id, tenant_id in connections)
    return repairs + sum(_under_lease(runtime, tenant.id, "failed-webhooks",
                                      lambda t=tenant: recover_failed_webhooks(runtime, t)) for tenant in tenants)


def _under_lease(runtime, tenant_id: int, key: str, work) -> int:
    owner = f"{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not leases.acquire(runtime.db, tenant_id, key, owner, runtime.settings.lease_seconds):
        return 0  # another worker reconciles this connection right now
    try:
        return work()
    except Exception:  # one broken connection must not stop the others being reconciled
        log.exception("reconciliation %s failed", key)
        return 0
    finally:
        leases.release(runtime.db, tenant_id, key, owner)


def reconcile_connection(runtime, connection_id: int) -> int:
    """Check the links least recently checked; queue a repair for each side that drifted."""
    repairs = 0
    due_before = utcnow() - timedelta(seconds=runtime.settings.reconcile_seconds)
    with runtime.db.session() as session:
        connection = session.get(Connection, connection_id)
        due = session.scalars(select(IssueLink).where(
            IssueLink.connection_id == connection_id, IssueLink.unlinked_side.is_(None),
            or_(IssueLink.checked_at.is_(None), IssueLink.checked_at < due_before),
        ).order_by(IssueLink.checked_at.is_not(None), IssueLink.checked_at).limit(LINKS_PER_ROUND)).all()
        for link in due:
            try:
                repairs += sum(_repair_side(runtime, session, route, link) for route in routes_of(session, connection))
            except JiraError as error:
                # A site that does not answer now will not answer for the next link either: try next round.
                log.info("reconciliation of connection %s paused for this round: %s", connection_id, error)
                break
            link.checked_at = utcnow()
            # One short write per link: SQLite must not be held locked across the next link's Jira calls.
            session.commit()
    return repairs


def _repair_side(runtime, session, route: Route, link: IssueLink) -> int:
    try:
        missed = missed_changes(runtime, session, route, link)
    except PlanError as error:
        log.info("reconciliation of link %s skipped: %s", link.id, error)
        return 0
    issue = issue_reference(route, link.issue_id(route.side), link.issue_key(route.side))
    for kind, comment_id in missed:
        identifier = f"repair:{route.connection.id}:{route.side}:{kind}:{comment_id or link.issue_id(route.side)}:" \
                     f"{int(time.time())}"
        queue_event(runtime, route.source.id, identifier, synthetic_event(kind, issue, comment_id, tandemRepair=True))
    return len(missed)


def missed_changes(runtime, session, route: Route, link: IssueLink) -> list[tuple[str, str | None]]:
    """What the linked issue's side changed that its twin does not show: (event kind, comment id or None), the
    issue first, then its comments in Jira's order. Raises PlanError when the configuration does not fit."""
    source = runtime.jira(route.source)
    issue_id = link.issue_id(route.side)
    wanted = list(dict.fromkeys([*route.outgoing["fields"], "issuetype", "project"]))
    try:
        issue = source.get_issue(issue_id, wanted)
    except JiraError as error:
        if error.verdict.status == 404:
            return []
        raise
    target = runtime.metadata.target(route.target, route.target_project_id)
    replica = issue_replica(issue, route.outgoing)
    missed = []
    if replica and plan_issue(replica, route.incoming, target, links.written_on(link, route.other)):
        missed.append(("jira:issue_updated", None))
    return missed + _missed_comments(runtime, session, route, link, source.comments(issue_id), target)


def _missed_comments(runtime, session, route: Route, link: IssueLink, comments: list, target) -> list:
    service_desk = runtime.metadata.target(route.source, route.source_project_id).is_service_desk
    missed, present = [], set()
    for comment in comments:
        present.add(str(comment["id"]))
        replica = comment_replica(comment, service_desk, route.outgoing)
        clink = links.find_comment_link(session, link.id, route.side, str(comment["id"]))
        if clink and links.is_our_copy(clink, route.side):
            continue
        last = links.copy_of(clink, route.other)
        if plan_comment(replica, route.incoming, target, last):
            missed.append(("comment_updated" if last else "comment_created", str(comment["id"])))
    for clink in _live_comment_links(session, link):
        if not links.is_our_copy(clink, route.side) and clink.comment_id(route.side) not in present:
            missed.append(("comment_deleted", clink.comment_id(route.side)))
    return missed


def _live_comment_links(session, link: IssueLink) -> list[CommentLink]:
    return session.scalars(select(CommentLink).where(CommentLink.issue_link_id == link.id,
                                                     CommentLink.deleted.is_(False))).all()


def recover_failed_webhooks(runtime, tenant: Tenant) -> int:
    """Store what Jira gave up delivering; its id is the original identifier, so nothing is doubled."""
    after = int(time.time() * 1000) - FAILED_WEBHOOKS_WINDOW_MS
    try:
        failed = runtime.jira(tenant).failed_webhooks(after)
    except JiraError as error:
        log.debug("failed webhooks of %s not available: %s", tenant.base_url, error)
        return 0
    recovered = 0
    for entry in failed:
        try:
            payload = json.loads(entry.get("body") or "")
        except ValueError:
            continue
        if isinstance(payload, dict) and isinstance(payload.get("webhookEvent"), str):
            recovered += queue_event(runtime, tenant.id, entry["id"], payload)
    return recovered
