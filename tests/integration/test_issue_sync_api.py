"""The issue glance's API: an issue's sync status for whoever may browse it, and Sync now through the inbox."""
from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import delete, select

from addon.db.inbox import PENDING, InboxEvent
from addon.db.tenant import Tenant
from tests.support.settings_client import Admin, connect_within_site


@pytest.fixture(autouse=True)
def forget_queued_events(installed_site, database):
    """No worker runs beside this app: what the tests queued must not wait for the next suites' workers."""
    yield
    with database.session() as session:
        tenant = select(Tenant.id).where(Tenant.client_key == installed_site.client_key)
        session.execute(delete(InboxEvent).where(InboxEvent.tenant_id.in_(tenant)))


@pytest.fixture
def synced_project(installed_site, live_app):
    """SOFT and DESK of one site, connected and running."""
    software = installed_site.add_project("SOFT", "Software", type="software")
    desk = installed_site.add_project("DESK", "Service desk", type="service_desk")
    requester = Admin(live_app.base_url, installed_site, installed_site.admin.account_id, software)
    acceptor = Admin(live_app.base_url, installed_site, installed_site.admin.account_id, desk)
    requester.publish_and_start(connect_within_site(requester, desk, "basic"), acceptor)
    return installed_site


def call(live_app, site, account_id: str, method: str, issue_id, action: str):
    token = site.context_jwt(account_id, jira={"issue": {"id": str(issue_id)}})
    return requests.request(method, f"{live_app.base_url}/api/issues/{issue_id}/{action}", timeout=30,
                            headers={"Authorization": f"JWT {token}"})


def test_an_issue_without_a_twin_yet_lists_the_connections_that_will_carry_it(synced_project, live_app):
    site = synced_project
    issue = site.create_issue("SOFT", "Task", "Fresh")
    shown = call(live_app, site, site.admin.account_id, "GET", issue["id"], "sync-status")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert (body["issueId"], body["issueKey"], body["projectKey"], body["twins"]) == (issue["id"], "SOFT-1", "SOFT", [])
    assert [(c["name"], c["status"]) for c in body["connections"]] == [("basic sync", "active")]
    assert body["pending"] == 1, "the issue_created webhook waits for a worker"


def test_sync_now_queues_the_issue_as_an_update_by_the_viewer(synced_project, live_app, database):
    site = synced_project
    issue = site.create_issue("SOFT", "Task", "Again, please")
    queued = call(live_app, site, site.admin.account_id, "POST", issue["id"], "sync")
    assert queued.status_code == 202, queued.text
    with database.session() as session:
        event = session.get(InboxEvent, queued.json()["eventId"])
        assert (event.status, event.issue_id, event.event_type) == (PENDING, issue["id"], "jira:issue_updated")
        assert event.webhook_identifier.startswith("tandem-sync-now:")
        payload = json.loads(event.payload)
    assert payload["user"] == {"accountId": site.admin.account_id}
    assert payload["issue"]["fields"]["project"]["key"] == "SOFT"


def test_someone_who_may_not_browse_the_issue_learns_nothing(synced_project, live_app):
    site = synced_project
    issue = site.create_issue("SOFT", "Task", "Private")
    customer = site.add_user("Carl Customer", account_type="customer")
    for method, action in (("GET", "sync-status"), ("POST", "sync")):
        refused = call(live_app, site, customer.account_id, method, issue["id"], action)
        assert refused.status_code == 404, refused.text
    unknown = call(live_app, site, site.admin.account_id, "GET", 99999, "sync-status")
    assert unknown.status_code == 404 and "99999" in unknown.json()["message"]


def test_sync_now_needs_a_running_synchronization(installed_site, live_app):
    installed_site.add_project("LONE", "Alone", type="software")
    issue = installed_site.create_issue("LONE", "Task", "Nobody syncs me")
    refused = call(live_app, installed_site, installed_site.admin.account_id, "POST", issue["id"], "sync")
    assert refused.status_code == 409
    assert "no running synchronization covers project LONE" in refused.json()["message"]
