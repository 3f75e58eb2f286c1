"""Catch-up scans on Power Customer (A: customer CUS, B: support SUP) while the customer's search is slow: one
scan per connection however many workers take up the catch-up, and no database transaction open while it waits.

On fdcdec2 both failed: every worker's reconciliation round enqueued the catch-up of a connection still halted,
so three workers scanned the customer's project several times over; and the scan ran inside one session, which on
PostgreSQL stayed "idle in transaction" while Jira was searched.
"""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from tests.e2e.conftest import own_stack
from tests.e2e.test_catch_up import catch_up_queued, twins
from tests.support import scenarios
from tests.support.settle import forget_unfinished, settle

SEARCH = r"^/rest/api/3/search/jql$"
SLOW_SEARCH_SECONDS = 3.0
NEW_ISSUES = 3


@pytest.fixture
def three_workers(database, install_keys, tmp_path_factory, make_site):
    """Power Customer on a stack of three workers, each reconciling every second."""
    with own_stack(database, install_keys, tmp_path_factory, workers=3, TANDEM_RECONCILE_SECONDS="1") as running:
        pc = scenarios.power_customer(running.base_url, make_site)
        yield pc
    forget_unfinished(database, pc.sites)  # once the workers are stopped, so that they queue nothing after it


@pytest.fixture
def on_postgres(postgres_database, install_keys, tmp_path_factory, make_site):
    """Power Customer on a stack on PostgreSQL, whatever the leg: only there does a transaction show."""
    with own_stack(postgres_database, install_keys, tmp_path_factory, TANDEM_RECONCILE_SECONDS="1") as running:
        pc = scenarios.power_customer(running.base_url, make_site)
        yield pc
    forget_unfinished(postgres_database, pc.sites)


def catch_up_scans(site) -> list:
    return [request for request in list(site.requests)
            if request.path == "/rest/api/3/search/jql" and "updated >=" in request.query.get("jql", [""])[0]]


def miss_new_issues_then_resume_with_a_slow_search(pc, database) -> None:
    pc.requester.call("POST", pc.path + "/pause", expect=200)
    for number in range(NEW_ISSUES):
        pc.customer.create_issue("CUS", "Task", f"Raised meanwhile {number}")
    settle(database, pc.sites)
    pc.customer.faults.slow_down(SLOW_SEARCH_SECONDS, times=1000, method="GET", path=SEARCH)
    pc.requester.call("POST", pc.path + "/resume", expect=200)


def assert_each_arrived_once(pc) -> None:
    for number in range(NEW_ISSUES):
        assert len(twins(pc, f"Raised meanwhile {number}")) == 1


def test_a_connection_is_caught_up_once_however_many_workers(three_workers, database):
    pc = three_workers
    miss_new_issues_then_resume_with_a_slow_search(pc, database)
    assert catch_up_queued(pc, database)
    settle(database, pc.sites)

    assert len(catch_up_scans(pc.customer)) == 1, "one scan of CUS, by one worker"
    assert len(catch_up_scans(pc.support)) == 1
    assert_each_arrived_once(pc)


def idle_in_transaction(database, longer_than: float) -> list[str]:
    with database.engine.connect() as connection:
        return connection.execute(text(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => :seconds)"),
            {"seconds": longer_than}).scalars().all()


def test_a_catch_up_holds_no_transaction_open_while_the_site_is_searched(on_postgres, postgres_database):
    pc = on_postgres
    seen: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.extend(idle_in_transaction(postgres_database, longer_than=1.0))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        miss_new_issues_then_resume_with_a_slow_search(pc, postgres_database)
        assert catch_up_queued(pc, postgres_database)
        assert catch_up_scans(pc.customer), "the catch-up searched the customer's project"
    finally:
        done.set()
        watcher.join()
    settle(postgres_database, pc.sites)

    assert seen == []
    assert_each_arrived_once(pc)
