"""How a failure is recorded: which event shows it, the history entry, and a flagged connection on auth failures."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from addon.connectors.jira import JiraError, Kind, Verdict
from addon.db.connection import ACTIVE, ERROR, STOPPED, Connection
from addon.db.history import SyncHistory
from addon.db.inbox import FAILED, PENDING, SKIPPED, InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.failures import Step, SyncFailed, mark_failed
from addon.sync.planner import PlanError

SITE = "https://support.atlassian.net"


@pytest.fixture
def connection_id(database):
    with database.session() as session:
        tenant = Tenant(client_key="failures-site", base_url=SITE)
        session.add(tenant)
        session.flush()
        connection = Connection(name="Failures", status=ACTIVE, a_tenant_id=tenant.id, a_project_id="1",
                                a_project_key="CUS", b_tenant_id=tenant.id, b_project_id="2", b_project_key="SUP")
        session.add(connection)
        session.flush()
        created = connection.id
    yield created
    with database.session() as session:
        session.execute(delete(Tenant).where(Tenant.client_key == "failures-site"))


def events(database, connection_id: int, count: int) -> list[int]:
    with database.session() as session:
        tenant_id = session.get(Connection, connection_id).a_tenant_id
        rows = [InboxEvent(tenant_id=tenant_id, webhook_identifier=f"f{connection_id}-{n}", issue_id="10001",
                           event_type="jira:issue_updated", payload="{}", status=PENDING, attempts=1)
                for n in range(count)]
        session.add_all(rows)
    return [row.id for row in rows]


def step(connection_id: int) -> Step:
    return Step(connection_id, "a->b", "10001", "CUS-1", "SUP-1", "update summary of SUP-1", SITE)


def refused(status: int, kind: Kind, message: str) -> JiraError:
    return JiraError(Verdict(kind, status=status, message=message))


def test_the_last_of_events_read_as_one_carries_the_failure(database, connection_id):
    first, second, last = events(database, connection_id, 3)
    failure = SyncFailed(step(connection_id), refused(400, Kind.PERMANENT, "400 Bad Request: summary: too long"))
    with database.session() as session:
        mark_failed(session, [first, second, last], failure)
    with database.session() as session:
        rows = {row.id: row for row in session.scalars(select(InboxEvent).where(InboxEvent.id.in_([first, second,
                                                                                                    last])))}
        [entry] = session.scalars(select(SyncHistory).where(SyncHistory.connection_id == connection_id)).all()
        connection = session.get(Connection, connection_id)
    assert (rows[last].status, rows[last].failed_connection_id) == (FAILED, connection_id)
    assert (rows[last].attempted, rows[last].last_error) == ("update summary of SUP-1",
                                                             "400 Bad Request: summary: too long")
    assert [rows[first].status, rows[second].status] == [SKIPPED, SKIPPED]
    assert str(last) in rows[first].note
    assert (entry.action, entry.outcome, entry.event_id) == ("failed", "failed", last)
    assert entry.detail == "update summary of SUP-1: 400 Bad Request: summary: too long"
    assert (connection.status, connection.attention) == (ACTIVE, None), "a refused value is no credential problem"


def test_a_refused_credential_puts_a_running_connection_in_error_with_the_reason(database, connection_id):
    [event] = events(database, connection_id, 1)
    failure = SyncFailed(step(connection_id), refused(401, Kind.AUTH, "401 Unauthorized: token expired"))
    with database.session() as session:
        mark_failed(session, [event], failure)
    with database.session() as session:
        connection = session.get(Connection, connection_id)
    assert connection.status == ERROR
    assert SITE in connection.attention and "401 Unauthorized: token expired" in connection.attention
    assert "update summary of SUP-1" in connection.attention


def test_a_stopped_connection_keeps_its_status_but_learns_the_reason(database, connection_id):
    with database.session() as session:
        session.get(Connection, connection_id).status = STOPPED
    [event] = events(database, connection_id, 1)
    with database.session() as session:
        mark_failed(session, [event], SyncFailed(step(connection_id), refused(403, Kind.AUTH, "403 Forbidden")))
    with database.session() as session:
        connection = session.get(Connection, connection_id)
    assert connection.status == STOPPED and "403 Forbidden" in connection.attention


def test_a_bug_or_a_failure_outside_any_connection_is_still_recorded(database, connection_id):
    bug, unattributed = events(database, connection_id, 2)
    with database.session() as session:
        mark_failed(session, [bug], SyncFailed(step(connection_id), KeyError("issue")))
        mark_failed(session, [unattributed], SyncFailed.of(PlanError("no such request type")))
    with database.session() as session:
        bug_row, other_row = session.get(InboxEvent, bug), session.get(InboxEvent, unattributed)
    assert bug_row.status == FAILED and bug_row.last_error == "unexpected error: KeyError: 'issue'"
    assert other_row.status == FAILED and other_row.failed_connection_id is None
    assert other_row.last_error == "no such request type"


def test_what_may_succeed_later_is_worth_waiting_for_and_the_rest_is_not():
    assert SyncFailed.of(refused(429, Kind.RETRY_AFTER, "429")).worth_waiting
    assert SyncFailed.of(refused(503, Kind.TRANSIENT, "503")).worth_waiting
    for stopping in (refused(400, Kind.PERMANENT, "400"), refused(401, Kind.AUTH, "401"), PlanError("map"),
                     ValueError("bug")):
        assert not SyncFailed.of(stopping).worth_waiting
