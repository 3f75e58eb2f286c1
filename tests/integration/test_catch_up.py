"""Catch-up against the database, with Jira answered by stand-ins: when a halted connection remembers missing
an event, what a catch-up queues and in which order, and when it keeps ``halted_at`` for another round."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from addon.connections.acting import Actor
from addon.connections.status import change_status
from addon.connectors.jira import JiraError, Kind, Verdict
from addon.db.connection import ACTIVE, ERROR, PAUSED, STOPPED, Connection
from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant
from addon.jobs.catch_up import catch_up, enqueue_due
from addon.jobs.process import remember_missed
from tests.support.rows import add_connected_pair, remove_sites

HALTED_AT = datetime(2026, 11, 22, 9, 30, 15, tzinfo=timezone.utc)
HALTED_AT_MS = int(HALTED_AT.timestamp() * 1000)
WINDOW_OPENS_MS = HALTED_AT_MS - 60_000
CUSTOMER, SUPPORT = "https://customer.catch-up.test", "https://support.catch-up.test"


@dataclass
class StandInJira:
    """Answers what a catch-up asks one site; ``broken`` makes the search fail as a site that is away does."""

    issues: list[dict] = field(default_factory=list)
    comments_of: dict[str, list[dict]] = field(default_factory=dict)
    searched: list[str] = field(default_factory=list)
    broken: bool = False
    while_searching: object = None  # called during the search, to change things meanwhile

    def myself(self) -> dict:
        return {"accountId": "tandem", "timeZone": "Europe/Berlin"}

    def every_issue(self, jql: str, fields: list[str]):
        self.searched.append(jql)
        if self.broken:
            raise JiraError(Verdict(Kind.TRANSIENT, status=503, message="503 Service Unavailable"))
        if self.while_searching:
            self.while_searching()
        yield from self.issues

    def comments(self, issue_id: str) -> list[dict]:
        return self.comments_of.get(issue_id, [])


@dataclass
class RecordedTasks:
    drains: list[tuple[int, str | None]] = field(default_factory=list)
    catch_ups: list[int] = field(default_factory=list)

    def enqueue_drain(self, tenant_id: int, issue_id: str | None) -> None:
        self.drains.append((tenant_id, issue_id))

    def enqueue_catch_up(self, connection_id: int) -> None:
        self.catch_ups.append(connection_id)


@dataclass
class StandInRuntime:
    db: object
    sites: dict[str, StandInJira]
    tasks: RecordedTasks = field(default_factory=RecordedTasks)
    # The catch-up holds a lease on its connection while it runs.
    settings: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(lease_seconds=60.0))

    def jira(self, tenant: Tenant) -> StandInJira:
        return self.sites[tenant.base_url]


@pytest.fixture
def runtime(database):
    return StandInRuntime(database, {CUSTOMER: StandInJira(), SUPPORT: StandInJira()})


@pytest.fixture
def connection_id(database):
    """A running connection from CUS (side A, project 1) to SUP (side B, project 2), both halves published."""
    pair = add_connected_pair(database, CUSTOMER, SUPPORT, json.dumps({"outgoing": {}, "incoming": {}}),
                              halted_at=HALTED_AT)
    yield pair.connection_id
    remove_sites(database, CUSTOMER, SUPPORT)


def connection(database, connection_id: int) -> Connection:
    with database.session() as session:
        return session.get(Connection, connection_id)


def queued(database, connection_id: int) -> list[InboxEvent]:
    ours = InboxEvent.webhook_identifier.like(f"catchup:{connection_id}:%")
    with database.session() as session:
        return session.scalars(select(InboxEvent).where(ours).order_by(InboxEvent.id)).all()


def test_an_issue_without_a_twin_comes_first_then_its_comments_in_order(database, runtime, connection_id):
    customer = runtime.sites[CUSTOMER]
    customer.issues = [{"id": "10001", "key": "CUS-1"}]
    customer.comments_of["10001"] = [{"id": "301"}, {"id": "302"}]

    assert catch_up(runtime, connection_id) == 3

    events = queued(database, connection_id)
    assert [(event.event_type, json.loads(event.payload).get("comment")) for event in events] == [
        ("jira:issue_updated", None), ("comment_created", {"id": "301"}), ("comment_created", {"id": "302"})]
    base = f"catchup:{connection_id}:a:10001:{HALTED_AT_MS}"
    assert [event.webhook_identifier for event in events] == [
        base, f"{base}:comment_created:301", f"{base}:comment_created:302"]
    payload = json.loads(events[0].payload)
    assert payload["issue"] == {"id": "10001", "key": "CUS-1", "fields": {"project": {"id": "1"}}}
    assert (payload["tandemCatchUp"], payload["timestamp"]) == (True, WINDOW_OPENS_MS)
    # 09:29 UTC, one minute of margin before the halt, is 10:29 in Berlin, Tandem's user's zone
    assert customer.searched == ['project = 1 AND updated >= "2026/11/22 10:29" ORDER BY created ASC']
    assert runtime.sites[SUPPORT].searched == ['project = 2 AND updated >= "2026/11/22 10:29" ORDER BY created ASC']
    assert runtime.tasks.drains == [(events[0].tenant_id, "10001")] * 3
    assert connection(database, connection_id).halted_at is None


def test_a_catch_up_run_twice_queues_nothing_twice(database, runtime, connection_id):
    runtime.sites[SUPPORT].issues = [{"id": "20001", "key": "SUP-1"}]
    assert catch_up(runtime, connection_id) == 1
    with database.session() as session:
        session.execute(update(Connection).where(Connection.id == connection_id).values(halted_at=HALTED_AT))

    assert catch_up(runtime, connection_id) == 0
    assert [event.webhook_identifier for event in queued(database, connection_id)] == [
        f"catchup:{connection_id}:b:20001:{HALTED_AT_MS}"]


def test_a_site_that_does_not_answer_leaves_the_catch_up_to_the_next_round(database, runtime, connection_id):
    runtime.sites[CUSTOMER].issues = [{"id": "10001", "key": "CUS-1"}]
    runtime.sites[SUPPORT].broken = True

    catch_up(runtime, connection_id)

    assert connection(database, connection_id).halted_at == HALTED_AT
    assert enqueue_due(runtime) >= 1 and connection_id in runtime.tasks.catch_ups
    runtime.sites[SUPPORT].broken = False
    assert catch_up(runtime, connection_id) == 0, "what was queued before is not queued again"
    assert connection(database, connection_id).halted_at is None
    assert len(queued(database, connection_id)) == 1


def test_a_connection_paused_and_resumed_during_the_catch_up_keeps_halted_at(database, runtime, connection_id):
    def pause_and_resume():
        for status in (PAUSED, ACTIVE):
            with database.session() as session:
                session.get(Connection, connection_id).status = status

    runtime.sites[CUSTOMER].while_searching = pause_and_resume

    catch_up(runtime, connection_id)

    assert connection(database, connection_id).halted_at == HALTED_AT, "what it missed meanwhile is not known"


def test_nothing_is_caught_up_before_the_connection_runs_again(database, runtime, connection_id):
    with database.session() as session:
        session.get(Connection, connection_id).status = PAUSED

    assert catch_up(runtime, connection_id) == 0
    assert runtime.sites[CUSTOMER].searched == []
    assert connection(database, connection_id).halted_at == HALTED_AT


@pytest.mark.parametrize("status", [PAUSED, ERROR])
def test_a_halted_connection_remembers_the_earliest_event_it_missed(database, connection_id, status):
    with database.session() as session:
        halted = session.get(Connection, connection_id)
        halted.status, halted.halted_at = status, None
    for minutes in (5, 2, 9):
        with database.session() as session:
            remember_missed(session, [session.get(Connection, connection_id)], HALTED_AT + timedelta(minutes=minutes))

    assert connection(database, connection_id).halted_at == HALTED_AT + timedelta(minutes=2)


def test_a_connection_stopped_meanwhile_does_not_remember(database, connection_id):
    with database.session() as session:
        seen = session.get(Connection, connection_id)
        seen.status, seen.halted_at = PAUSED, None
    with database.session() as session:
        read_while_paused = session.get(Connection, connection_id)
        session.execute(update(Connection).where(Connection.id == connection_id).values(status=STOPPED))
        remember_missed(session, [read_while_paused], HALTED_AT)

    assert connection(database, connection_id).halted_at is None


def test_resume_enqueues_the_catch_up_and_stop_forgets_what_was_missed(database, runtime, connection_id):
    with database.session() as session:
        session.get(Connection, connection_id).status = PAUSED
        customer = session.scalar(select(Tenant).where(Tenant.base_url == CUSTOMER))
    admin = Actor(customer.id, "admin", "1")

    assert change_status(runtime, admin, connection_id, "resume").status == ACTIVE
    assert runtime.tasks.catch_ups == [connection_id]
    assert connection(database, connection_id).halted_at == HALTED_AT, "kept until the catch-up has queued"

    change_status(runtime, admin, connection_id, "stop")
    assert connection(database, connection_id).halted_at is None
    change_status(runtime, admin, connection_id, "start")
    assert catch_up(runtime, connection_id) == 0, "started again, a stopped connection begins afresh"
