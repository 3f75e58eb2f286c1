"""The inbox: install -> webhook -> stored event, driven by the simulator over HTTP."""
from __future__ import annotations

import json
import time

import pytest
import requests
from sqlalchemy import select, update

from addon.config import load_settings
from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.queue import build_huey
from addon.jobs.wakeups import LINGER_SECONDS
from addon.sync.loop_guard import TRACE_KEY
from addon.sync.needless import MADE_BY_TANDEM, ONLY_A_COMMENT
from tests.integration.test_inbound_jwt import post_webhook, webhook_claims
from tests.support.polling import eventually
from tests.support.tokens import hs256


def events_of(database, client_key):
    with database.session() as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.client_key == client_key))
        return session.scalars(select(InboxEvent).where(InboxEvent.tenant_id == tenant_id)
                               .order_by(InboxEvent.id)).all()


def signed(site):
    return hs256(site.shared_secret, webhook_claims(site))


def test_an_issue_created_on_the_site_lands_in_the_inbox(installed_site, database):
    installed_site.add_project("ALP", "Alpha")
    issue = installed_site.create_issue("ALP", "Task", "Printer on fire")
    [event] = events_of(database, installed_site.client_key)
    assert event.event_type == "jira:issue_created"
    assert event.issue_id == str(issue["id"])
    assert event.status == "pending"
    payload = json.loads(event.payload)
    assert payload["issue"]["fields"]["summary"] == "Printer on fire"
    [delivery] = installed_site.deliveries
    assert delivery["status"] == 202
    assert event.webhook_identifier == delivery["identifier"]


def test_a_redelivered_webhook_is_acknowledged_and_stored_once(installed_site, database):
    installed_site.add_project("ALP", "Alpha")
    installed_site.create_issue("ALP", "Task", "Once only")
    identifier = installed_site.deliveries[0]["identifier"]
    response = installed_site.redeliver(identifier)
    assert response.status_code == 200
    assert response.json()["status"] == "duplicate"
    assert len(events_of(database, installed_site.client_key)) == 1


def test_events_of_one_issue_keep_their_order(installed_site, database):
    installed_site.add_project("ALP", "Alpha")
    issue = installed_site.create_issue("ALP", "Task", "Ordered")
    installed_site.update_issue(issue["key"], summary="Ordered, edited")
    installed_site.add_comment(issue["key"], "First comment")
    kinds = [e.event_type for e in events_of(database, installed_site.client_key)]
    # Like Jira, a comment also fires jira:issue_updated ("issue_commented").
    assert kinds == ["jira:issue_created", "jira:issue_updated", "comment_created", "jira:issue_updated"]


def queued_tasks(app) -> int:
    return build_huey(load_settings(app.env)).storage.queue_size()


def settled_queue_size(app) -> int:
    time.sleep(4 * LINGER_SECONDS)
    return queued_tasks(app)


def test_webhooks_that_carry_nothing_are_stored_done_and_wake_no_worker(installed_site, live_app, database):
    installed_site.add_project("ALP", "Alpha")
    with database.session() as session, session.begin():
        # As a worker does when it first meets the site; before any webhook, so that no web process remembers
        # the site without it.
        session.execute(update(Tenant).where(Tenant.client_key == installed_site.client_key)
                        .values(app_account_id=installed_site.app_user.account_id))
    queued = queued_tasks(live_app)
    # Each step waits out the web process's linger: wake-ups of one issue within it share a drain.
    issue = installed_site.create_issue("ALP", "Task", "Printer on fire")
    assert eventually(lambda: queued_tasks(live_app) == queued + 1, timeout=5)
    installed_site.update_issue(issue["key"], user=installed_site.app_user, summary="Written by Tandem")
    assert settled_queue_size(live_app) == queued + 1
    installed_site.add_comment(issue["key"], "Have you tried turning it off and on again?")
    assert eventually(lambda: queued_tasks(live_app) == queued + 2, timeout=5)
    assert settled_queue_size(live_app) == queued + 2  # one drain more, for the comment
    events = events_of(database, installed_site.client_key)
    assert [(e.event_type, e.status, e.note) for e in events] == [
        ("jira:issue_created", "pending", None),
        ("jira:issue_updated", "done", MADE_BY_TANDEM),
        ("comment_created", "pending", None),
        ("jira:issue_updated", "done", ONLY_A_COMMENT),
    ]
    assert all(e.processed_at is not None for e in events if e.status == "done")
    assert [delivery["status"] for delivery in installed_site.deliveries] == [202] * 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "utf-32-be"])
def test_a_body_in_any_encoding_json_allows_is_stored_as_json(installed_site, live_app, database, encoding):
    bodies = ['{"webhookEvent": "jira:issue_updated", "issue": {"id": "78", "fields": {"summary": "Plain"}}}',
              '{"webhookEvent": "jira:issue_updated", "issue": {"id": "78", "fields": {"summary": "Größe ✓"}}}']
    for body in bodies:
        response = post_webhook(live_app, signed(installed_site), body=body.encode(encoding))
        assert response.status_code == 202, response.text
    events = events_of(database, installed_site.client_key)
    assert [json.loads(event.payload) for event in events] == [json.loads(body) for body in bodies]
    if encoding == "utf-8":
        assert [event.payload for event in events] == bodies  # stored as received, not serialised again


@pytest.mark.parametrize("body", [
    '{"webhookEvent": "jira:issue_updated", "issue": {"id": "78", "fields": {"summary": "Größe ✓"}}}\n',
    '{"webhookEvent": "jira:issue_updated", "atlassianWebhookTrace": "made up", "issue": {"id": "79"}}',
    ' { "webhookEvent" : "jira:issue_updated" } ',
])
def test_a_traced_webhook_keeps_its_body_with_the_trace_of_the_header(installed_site, live_app, database, body):
    """The trace joins the body as received (its last key, read over one the body names itself)."""
    trace = "tandem:7:a>b:sole"
    response = post_webhook(live_app, signed(installed_site), body=body.encode(),
                            headers={"X-Atlassian-Webhook-Trace": trace})
    assert response.status_code == 202, response.text
    [event] = events_of(database, installed_site.client_key)
    assert json.loads(event.payload) == {**json.loads(body), TRACE_KEY: trace}
    assert event.payload.startswith(body.rstrip()[:-1].rstrip()), "the body as received, not serialised again"


def test_malformed_json_is_a_400_and_stores_nothing(installed_site, live_app, database):
    response = post_webhook(live_app, signed(installed_site), body=b'{"webhookEvent": ')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]
    assert events_of(database, installed_site.client_key) == []


def test_a_body_without_webhook_event_is_a_400(installed_site, live_app, database):
    response = post_webhook(live_app, signed(installed_site), body=b'{"issue": {"id": "1"}}')
    assert response.status_code == 400
    assert "webhookEvent" in response.json()["message"]


def test_a_body_over_one_mebibyte_is_a_413(installed_site, live_app, database):
    body = json.dumps({"webhookEvent": "jira:issue_updated", "padding": "x" * (1024 * 1024)}).encode()
    response = post_webhook(live_app, signed(installed_site), body=body)
    assert response.status_code == 413
    assert "larger than" in response.json()["message"]
    assert events_of(database, installed_site.client_key) == []


def test_a_webhook_without_identifier_still_dedupes_identical_bodies(installed_site, live_app, database):
    body = b'{"webhookEvent": "jira:issue_updated", "issue": {"id": "77"}}'
    assert post_webhook(live_app, signed(installed_site), body=body).status_code == 202
    assert post_webhook(live_app, signed(installed_site), body=body).status_code == 200
    assert len(events_of(database, installed_site.client_key)) == 1


def test_a_disabled_tenant_gets_401_and_nothing_is_stored(installed_site, live_app, database):
    installed_site.disable()
    response = post_webhook(live_app, signed(installed_site))
    assert response.status_code == 401
    assert events_of(database, installed_site.client_key) == []


def test_the_health_check_reports_database_and_queue(live_app):
    body = requests.get(live_app.base_url + "/healthz", timeout=10).json()
    assert body == {"status": "ok", "database": "ok", "queue": "ok"}
