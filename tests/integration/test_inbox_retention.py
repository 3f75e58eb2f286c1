"""Inbox retention: TANDEM_INBOX_DAYS, the purge the worker's reconciliation round runs, and a site view that
does not read the inbox.

Both tests failed on fdcdec2, before the inbox was pruned: no setting, no purge, and ``GET /api/site`` counted
every event the site ever sent on every call.
"""
from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, event, select
from sqlalchemy.engine import Engine

from addon import create_app
from addon.config import ConfigError, load_settings
from addon.db.base import utcnow
from addon.db.inbox import DONE, FAILED, PENDING, SKIPPED, InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.retention import purge_inbox
from tests.support.processes import SESSION_SECRET_KEY

CLIENT_KEY = "inbox-retention-site"


@pytest.fixture
def tenant_id(database):
    with database.session() as session:
        tenant = Tenant(client_key=CLIENT_KEY, base_url="https://inbox-retention.atlassian.net")
        session.add(tenant)
        session.flush()
        created = tenant.id
    yield created
    with database.session() as session:
        session.execute(delete(Tenant).where(Tenant.client_key == CLIENT_KEY))


def settings_with(tmp_path, **env):
    return load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), **env})


def test_inbox_days_default_to_fourteen_and_outlast_jiras_failed_webhook_list(tmp_path):
    assert settings_with(tmp_path).inbox_days == 14
    assert settings_with(tmp_path, TANDEM_INBOX_DAYS="3").inbox_days == 3
    for wrong in ("1", "0", "-3", "a week"):
        with pytest.raises(ConfigError, match="TANDEM_INBOX_DAYS"):
            settings_with(tmp_path, TANDEM_INBOX_DAYS=wrong)


def add_event(session, tenant_id: int, name: str, status: str, days_ago: float | None) -> None:
    now = utcnow()
    session.add(InboxEvent(tenant_id=tenant_id, webhook_identifier=name, event_type="jira:issue_updated",
                           issue_id="10001", payload=json.dumps({"webhookEvent": "jira:issue_updated", "n": name}),
                           received_at=now - timedelta(days=days_ago or 0), status=status,
                           processed_at=None if days_ago is None else now - timedelta(days=days_ago)))


def test_purge_deletes_events_finished_longer_ago_than_the_retention(database, tenant_id, tmp_path):
    settings = settings_with(tmp_path, TANDEM_INBOX_DAYS="14")
    with database.session() as session:
        add_event(session, tenant_id, "done long ago", DONE, 400)
        add_event(session, tenant_id, "done 15 days ago", DONE, 15)
        add_event(session, tenant_id, "skipped 15 days ago", SKIPPED, 15)
        add_event(session, tenant_id, "done 13 days ago", DONE, 13)
        add_event(session, tenant_id, "done today", DONE, 0)
        # Not finished: the error list and the drains still need them, however old.
        add_event(session, tenant_id, "failed 20 days ago", FAILED, 20)
        add_event(session, tenant_id, "retrying since 20 days", PENDING, 20)
        add_event(session, tenant_id, "pending", PENDING, None)

    runtime = SimpleNamespace(db=database, settings=settings)
    assert purge_inbox(runtime) == 3
    with database.session() as session:
        kept = session.scalars(select(InboxEvent.webhook_identifier).where(InboxEvent.tenant_id == tenant_id)).all()
    assert sorted(kept) == ["done 13 days ago", "done today", "failed 20 days ago", "pending",
                            "retrying since 20 days"]
    assert purge_inbox(runtime) == 0


def test_the_site_view_does_not_read_the_inbox(database, installed_site, tmp_path):
    """Counting every event of a site on every call grows with the inbox; the view reads the site only."""
    settings = settings_with(tmp_path, DATABASE_URL=database.url, TANDEM_SECRET_KEY=SESSION_SECRET_KEY,
                             TANDEM_ALLOWED_SITE_HOSTS="127.0.0.1,localhost")
    client = create_app(settings).test_client()
    statements: list[str] = []

    def remember(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", remember)
    try:
        response = client.get("/api/site", headers={"Authorization": f"JWT {installed_site.context_jwt('u1')}"})
    finally:
        event.remove(Engine, "before_cursor_execute", remember)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["baseUrl"] == installed_site.base_url
    assert statements and not [sql for sql in statements if "inbox_events" in sql]
