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
import time
from datetime import timedelta

from sqlalchemy import or_, select, update

from addon.connectors.jira import JiraError
from addon.connectors.jira.api import SEARCH_PAGE
from addon.db.base import utcnow
from addon.db.connection import ACTIVE, Connection
from addon.db.inbox import FAILED, PENDING, InboxEvent
from addon.db.link import CommentLink, IssueLink
from addon.db.tenant import Tenant
from addon.jobs import exclusive, links
from addon.jobs.leases import Lease
from addon.jobs.people import PeopleOnArrival
from addon.jobs.process import routes_of
from addon.jobs.sync_event import Route
from addon.jobs.synthetic import issue_reference, queue_event, synthetic_event
from addon.sync.planner import PlanError, plan_comment, plan_issue
from addon.sync.replica import comment_replica, issue_replica
from addon.sync.statuses import incoming_status, status_to_reach

log = logging.getLogger(__name__)

# Linked issues of one side compared per search: a page of Jira's search, fields included.
COMPARED_PER_SEARCH = SEARCH_PAGE
FAILED_WEBHOOKS_WINDOW_MS = 24 * 3600 * 1000
UNFINISHED = (PENDING, FAILED)


def reconcile(runtime) -> int:
    """One round over every active connection and site; returns the number of repairs queued."""
    with runtime.db.session() as session:
        connections = session.execute(select(Connection.id, Connection.a_tenant_id)
                                      .where(Connection.status == ACTIVE)).all()
        tenants = session.scalars(select(Tenant).where(Tenant.installed, Tenant.enabled)).all()
    repairs = sum(_alone(runtime, tenant_id, f"reconcile:{connection_id}",
                         lambda lease, cid=connection_id: reconcile_connection(runtime, cid, lease))
                  for connection_id, tenant_id in connections)
    return repairs + sum(_alone(runtime, tenant.id, "failed-webhooks",
                                lambda _lease, t=tenant: recover_failed_webhooks(runtime, t)) for tenant in tenants)


def _alone(runtime, tenant_id: int, key: str, work) -> int:
    try:
        return exclusive.alone(runtime, tenant_id, key, work)
    except Exception:  # one broken connection must not stop the others being reconciled
        log.exception("reconciliation %s failed", key)
        return 0


def reconcile_connection(runtime, connection_id: int, lease: Lease) -> int:
    """Compares every link not compared by the previous round, however many: a search reads the issues of a
    batch of links at once, so a pass over 10,000 links costs some 400 searches, not 40,000 reads. Queues a
    repair for each side that drifted; returns how many."""
    with runtime.db.session() as session:
        routes = routes_of(session, session.get(Connection, connection_id))
    # Half a period: a link the previous round compared, however late in that round, is due in this one.
    due_before, after_id, repairs = utcnow() - timedelta(seconds=runtime.settings.reconcile_seconds / 2), 0, 0
    while batch := _due_links(runtime, connection_id, due_before, after_id):
        lease.keep()
        try:
            repairs += sum(_compare_batch(runtime, route, batch) for route in routes)
        except JiraError as error:
            # A site that does not answer now will not answer for the next batch either: try next round.
            log.info("reconciliation of connection %s paused for this round: %s", connection_id, error)
            break
        _mark_checked(runtime, [link.id for link in batch])
        after_id = batch[-1].id
    return repairs


def _due_links(runtime, connection_id: int, due_before, after_id: int) -> list[IssueLink]:
    """The next batch of links not compared since ``due_before``, in the order of their ids."""
    with runtime.db.session() as session:
        return session.scalars(select(IssueLink).where(
            IssueLink.connection_id == connection_id, IssueLink.id > after_id, IssueLink.unlinked_side.is_(None),
            or_(IssueLink.checked_at.is_(None), IssueLink.checked_at < due_before),
        ).order_by(IssueLink.id).limit(COMPARED_PER_SEARCH)).all()


def _mark_checked(runtime, link_ids: list[int]) -> None:
    # One short write per batch, after its calls to Jira: no lock or transaction is held while Jira answers.
    with runtime.db.session() as session:
        session.execute(update(IssueLink).where(IssueLink.id.in_(link_ids)).values(checked_at=utcnow()))


def _compare_batch(runtime, route: Route, batch: list[IssueLink]) -> int:
    source = runtime.jira(route.source)
    ids = [link.issue_id(route.side) for link in batch]
    found = {str(issue["id"]): issue for issue in
             source.every_issue(f"id in ({', '.join(ids)})", [*_wanted_fields(route), "comment"])}
    # Not found: deleted, or not visible to the search yet; the next round looks again.
    return sum(_repair_side(runtime, route, link, issue, _comments_of(source, issue))
               for link in batch if (issue := found.get(link.issue_id(route.side))) is not None)


def _comments_of(source, issue: dict) -> list[dict]:
    """The comments the search gave with the issue; read on their own when it gave only some of them."""
    field = (issue.get("fields") or {}).get("comment") or {}
    shown = field.get("comments")
    if shown is not None and field.get("total", len(shown)) <= len(shown):
        return shown
    return source.comments(issue["id"])


def _repair_side(runtime, route: Route, link: IssueLink, issue: dict, comments: list) -> int:
    with runtime.db.session() as session:  # opened after the calls to Jira, which it does not make
        try:
            missed = _missed_in(runtime, session, route, link, issue, comments)
        except PlanError as error:
            log.info("reconciliation of link %s skipped: %s", link.id, error)
            return 0
        waiting = _waiting_repairs(session, route.source.id, link.issue_id(route.side)) if missed else []
    reference = issue_reference(route, link.issue_id(route.side), link.issue_key(route.side))
    queued = 0
    for kind, comment_id in missed:
        what = f"repair:{route.connection.id}:{route.side}:{kind}:{comment_id or link.issue_id(route.side)}:"
        # Once: a repair waiting behind a failed event of its issue, or failed itself, is not queued again every
        # round; once it is done, a drift still there is repaired anew.
        if not any(identifier.startswith(what) for identifier in waiting):
            queued += queue_event(runtime, route.source.id, f"{what}{int(time.time())}",
                                  synthetic_event(kind, reference, comment_id, tandemRepair=True))
    return queued


def _waiting_repairs(session, tenant_id: int, issue_id: str) -> list[str]:
    """The identifiers of the issue's repairs not done yet."""
    return session.scalars(select(InboxEvent.webhook_identifier).where(
        InboxEvent.tenant_id == tenant_id, InboxEvent.issue_id == issue_id, InboxEvent.status.in_(UNFINISHED),
        InboxEvent.webhook_identifier.like("repair:%"))).all()


def _wanted_fields(route: Route) -> list[str]:
    return list(dict.fromkeys([*route.outgoing["fields"], "issuetype", "project", "status"]))


def missed_changes(runtime, session, route: Route, link: IssueLink) -> list[tuple[str, str | None]]:
    """What the linked issue's side changed that its twin does not show: (event kind, comment id or None), the
    issue first, then its comments in Jira's order. Raises PlanError when the configuration does not fit.
    ``session`` is used only once Jira has answered."""
    source = runtime.jira(route.source)
    issue_id = link.issue_id(route.side)
    try:
        issue = source.get_issue(issue_id, _wanted_fields(route))
    except JiraError as error:
        if error.verdict.status == 404:
            return []
        raise
    return _missed_in(runtime, session, route, link, issue, source.comments(issue_id))


def _missed_in(runtime, session, route: Route, link: IssueLink, issue: dict,
               comments: list) -> list[tuple[str, str | None]]:
    """``missed_changes`` of an issue and its comments as read."""
    target = runtime.metadata.target(route.target, route.target_project_id)
    people = PeopleOnArrival(runtime, route)
    replica = issue_replica(issue, route.outgoing)
    missed = []
    written = links.written_on(link, route.other)
    if replica and (plan_issue(people.issue(replica, target, creating=False), route.incoming, target, written)
                    or status_to_reach(replica.status, incoming_status(route.incoming), written)):
        missed.append(("jira:issue_updated", None))
    return missed + _missed_comments(runtime, session, route, link, comments, target, people)


def _missed_comments(runtime, session, route: Route, link: IssueLink, comments: list, target, people) -> list:
    service_desk = runtime.metadata.target(route.source, route.source_project_id).is_service_desk
    missed, present = [], set()
    for comment in comments:
        present.add(str(comment["id"]))
        replica = comment_replica(comment, service_desk, route.outgoing)
        clink = links.find_comment_link(session, link.id, route.side, str(comment["id"]))
        if clink and links.is_our_copy(clink, route.side):
            continue
        last = links.copy_of(clink, route.other)
        if plan_comment(people.comment(replica), route.incoming, target, last):
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
