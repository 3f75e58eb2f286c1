"""The error list, Retry and Skip, and the history, through the settings API.

No worker runs here: failed events and history entries are written to the database as the executor
would write them, and the tests check what admins see and what Retry and Skip change.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select

from addon.db import history
from addon.db.base import utcnow
from addon.db.history import SyncHistory
from addon.db.inbox import FAILED, PENDING, InboxEvent
from addon.db.link import IssueLink
from addon.db.tenant import Tenant
from tests.integration.test_settings_api import admin_of, create_within_site, installed, refused
from tests.support.settings_client import Admin


@dataclass
class Running:
    site: object
    ann: Admin  # administers SOFT (side A) and DESK
    sam: Admin  # administers DESK (side B)
    connection_id: int
    tenant_id: int

    @property
    def path(self) -> str:
        return f"/api/connections/{self.connection_id}"


@pytest.fixture
def running(make_site, live_app, database):
    """SOFT (A) and DESK (B) on one site, connected and started."""
    site = installed(make_site, live_app, "alpha")
    ann, sam = site.add_user("Ann Software"), site.add_user("Sam Support")
    software = site.add_project("SOFT", "Software", type="software", admins=[ann])
    desk = site.add_project("DESK", "Service desk", type="service_desk", admins=[sam])
    site.grant_project_admin("DESK", ann)
    ann_admin, sam_admin = admin_of(live_app, site, software, ann), admin_of(live_app, site, desk, sam)
    connection_id = create_within_site(ann_admin, desk)["id"]
    ann_admin.publish_and_start(connection_id, sam_admin)
    with database.session() as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.client_key == site.client_key))
    yield Running(site, ann_admin, sam_admin, connection_id, tenant_id)
    # Nothing failed or pending may outlive the test: the sync suites expect a quiet inbox.
    with database.session() as session:
        session.execute(delete(InboxEvent).where(InboxEvent.tenant_id == tenant_id))


def add_event(database, running: Running, issue_key: str, status: str = PENDING, **columns) -> int:
    """An event of a SOFT issue (side A), as the webhook ingress stores it."""
    issue_id = str(10000 + int(issue_key.split("-")[1]))
    payload = {"webhookEvent": "jira:issue_updated",
               "issue": {"id": issue_id, "key": issue_key,
                         "fields": {"project": {"id": str(running.ann.project["id"])}}}}
    event = InboxEvent(tenant_id=running.tenant_id, webhook_identifier=f"w-{utcnow().timestamp()}-{issue_key}",
                       event_type=payload["webhookEvent"], issue_id=issue_id, payload=json.dumps(payload),
                       status=status, attempts=1, **columns)
    with database.session() as session:
        session.add(event)
    return event.id


def add_failure(database, running: Running, issue_key: str = "SOFT-1", connection_id: int | None = None) -> int:
    return add_event(database, running, issue_key, status=FAILED, processed_at=utcnow(),
                     failed_connection_id=connection_id or running.connection_id,
                     attempted="create issue in DESK", last_error="400 Bad Request: summary: too long")


def event_row(database, event_id: int) -> InboxEvent:
    with database.session() as session:
        return session.get(InboxEvent, event_id)


# -- the list ---------------------------------------------------------------------------------------

def test_failed_items_are_listed_on_both_sides_with_what_was_attempted_and_jiras_message(running, database):
    failed = add_failure(database, running)
    add_event(database, running, "SOFT-1")  # queued behind the failure
    add_event(database, running, "SOFT-2", status=FAILED)  # failed outside any connection: not listed
    for admin in (running.ann, running.sam):
        listed = admin.call("GET", running.path + "/errors", expect=200).json()
        assert listed["total"] == 1
        [item] = listed["errors"]
        assert item["eventId"] == failed and item["issue"] == {"id": "10001", "key": "SOFT-1"}
        assert item["attempted"] == "create issue in DESK"
        assert item["message"] == "400 Bad Request: summary: too long"
        assert (item["direction"], item["status"], item["waiting"]) == ("a->b", "failed", 1)
        assert item["failedAt"]
    shown = running.ann.call("GET", running.path, expect=200).json()
    assert shown["openErrors"] == 1
    [summary] = running.ann.call("GET", "/api/connections", expect=200).json()["connections"]
    assert summary["openErrors"] == 1 and summary["attention"] is None


def test_the_connection_shows_issues_under_sync_and_its_last_sync(running, database):
    with database.session() as session:
        session.add(IssueLink(connection_id=running.connection_id, a_issue_id="10001", a_issue_key="SOFT-1",
                              b_issue_id="20001", b_issue_key="DESK-1"))
        session.add(history_entry(running, "SOFT-1", history.CREATED_ISSUE))
        session.add(history_entry(running, "SOFT-1", history.FAILED, outcome=history.FAILED))
    shown = running.sam.call("GET", running.path, expect=200).json()
    assert shown["issuesUnderSync"] == 1
    with database.session() as session:
        created_at = session.scalar(select(SyncHistory.at).where(SyncHistory.action == history.CREATED_ISSUE,
                                                                 SyncHistory.connection_id == running.connection_id))
    assert shown["lastSync"] == created_at.isoformat(), "a failure is not a sync"


# -- who may see and act ----------------------------------------------------------------------------

def test_errors_and_history_are_only_for_admins_of_a_side(running, make_site, live_app, database):
    failed = add_failure(database, running)
    third = admin_of(live_app, running.site, running.site.add_project("THRD", "Third"))
    lookalike_site = installed(make_site, live_app, "beta")
    stranger = admin_of(live_app, lookalike_site, lookalike_site.add_project("SOFT", "Software"))
    calls = (("GET", "/errors"), ("POST", f"/errors/{failed}/retry"), ("POST", f"/errors/{failed}/skip"),
             ("GET", "/history"))
    for outsider in (third, stranger):
        for method, path in calls:
            refused(outsider.call(method, running.path + path), 404)
    ned = running.site.add_user("Ned Nobody")
    as_ned = admin_of(live_app, running.site, running.ann.project, ned)
    for method, path in calls:
        refused(as_ned.call(method, running.path + path), 403, "SOFT")
    assert event_row(database, failed).status == FAILED


def test_an_item_of_another_connection_or_not_failed_cannot_be_retried_here(running, database):
    not_failed = add_event(database, running, "SOFT-3")
    unattributed = add_event(database, running, "SOFT-4", status=FAILED)
    for event_id in (not_failed, unattributed, 999999):
        refused(running.ann.call("POST", f"{running.path}/errors/{event_id}/retry"), 404, str(event_id))


# -- Retry and Skip ---------------------------------------------------------------------------------

def test_retry_puts_the_item_back_in_line_once_the_connection_runs(running, database):
    failed = add_failure(database, running)
    running.ann.call("POST", running.path + "/stop", expect=200)
    refused(running.ann.call("POST", f"{running.path}/errors/{failed}/retry"), 409, "stopped", "start it")
    running.ann.call("POST", running.path + "/start", expect=200)

    retried = running.sam.call("POST", f"{running.path}/errors/{failed}/retry", expect=200).json()
    assert retried["status"] == "pending" and running.sam.account_id in retried["note"]
    row = event_row(database, failed)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert running.ann.call("GET", running.path + "/errors", expect=200).json() == {"errors": [], "total": 0}
    assert running.ann.call("GET", running.path, expect=200).json()["openErrors"] == 0
    refused(running.ann.call("POST", f"{running.path}/errors/{failed}/retry"), 409, "pending")
    refused(running.ann.call("POST", f"{running.path}/errors/{failed}/skip"), 409, "pending")


def test_skip_drops_the_item_on_purpose_and_says_who_did_it(running, database):
    failed = add_failure(database, running, "SOFT-5")
    running.ann.call("POST", running.path + "/pause", expect=200)  # skipping needs no running connection
    skipped = running.ann.call("POST", f"{running.path}/errors/{failed}/skip", expect=200).json()
    assert skipped["status"] == "skipped" and running.ann.account_id in skipped["note"]
    row = event_row(database, failed)
    assert row.status == "skipped" and row.processed_at is not None
    [entry] = running.ann.call("GET", running.path + "/history?issue=SOFT-5", expect=200).json()["history"]
    assert (entry["action"], entry["outcome"], entry["direction"]) == ("skipped", "skipped", "a->b")
    assert running.ann.account_id in entry["detail"] and "create issue in DESK" in entry["detail"]
    refused(running.ann.call("POST", f"{running.path}/errors/{failed}/retry"), 409, "skipped")


def test_deleting_a_connection_stops_its_failed_items_blocking_their_issues(running, database):
    failed = add_failure(database, running)
    running.ann.call("DELETE", running.path, expect=204)
    row = event_row(database, failed)
    assert row.status == "skipped" and "deleted" in row.note


# -- history ------------------------------------------------------------------------------------------

def history_entry(running: Running, source_key: str, action: str, target_key: str | None = None,
                  outcome: str = history.OK, direction: str = "a->b") -> SyncHistory:
    return SyncHistory(connection_id=running.connection_id, direction=direction, source_issue_key=source_key,
                       target_issue_key=target_key, action=action, outcome=outcome)


def test_history_is_newest_first_in_pages_and_per_issue(running, database):
    with database.session() as session:
        for number in range(5):
            session.add(history_entry(running, "SOFT-1", history.UPDATED_FIELDS, "DESK-1"))
        session.add(history_entry(running, "DESK-2", history.ADDED_COMMENT, "SOFT-2", direction="b->a"))
    first = running.ann.call("GET", running.path + "/history?limit=4", expect=200).json()
    assert [e["sourceIssueKey"] for e in first["history"]] == ["DESK-2", "SOFT-1", "SOFT-1", "SOFT-1"]
    assert first["history"][0]["direction"] == "b->a"
    rest = running.ann.call("GET", f"{running.path}/history?limit=4&before={first['nextBefore']}", expect=200).json()
    assert len(rest["history"]) == 2 and rest["nextBefore"] is None
    ids = [e["id"] for e in first["history"] + rest["history"]]
    assert ids == sorted(ids, reverse=True)

    by_target = running.sam.call("GET", running.path + "/history?issue=desk-1", expect=200).json()["history"]
    assert len(by_target) == 5 and {e["targetIssueKey"] for e in by_target} == {"DESK-1"}
    by_source = running.sam.call("GET", running.path + "/history?issue=SOFT-2", expect=200).json()["history"]
    assert [e["action"] for e in by_source] == ["added_comment"]


def test_bad_history_queries_are_refused_by_name(running):
    body = refused(running.ann.call("GET", running.path + "/history?limit=0&issue=nokey"), 422)
    assert set(body["errors"]) == {"limit", "issue"}
    refused(running.ann.call("GET", running.path + "/history?before=abc"), 422, "before")
