"""Reconciliation on Basic (LFT -> RGT): every linked pair is compared within one period however many there
are, and the repair of an issue that cannot be written is queued once.

On 66c2e54 both failed: a round compared the 50 links least recently compared per connection (150 links took three
periods: 100 of 120 found drifted before a second period ended), and queued a repair of the same drift every round while the issue was blocked
by the failed one.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from addon.db.inbox import InboxEvent
from addon.db.tenant import Tenant
from tests.e2e.conftest import own_stack
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import forget_unfinished, settle

LINKS = 120
PERIOD_SECONDS = 30


def basic_pair_reconciled_every(seconds: int, database, install_keys, tmp_path_factory, make_site):
    with own_stack(database, install_keys, tmp_path_factory, TANDEM_RECONCILE_SECONDS=str(seconds)) as running:
        pair = scenarios.basic_pair(running.base_url, make_site)
        yield pair
    # Once the workers are stopped: a repair they queued at the last moment would keep later tests from settling.
    forget_unfinished(database, pair)


@pytest.fixture
def every_period(database, install_keys, tmp_path_factory, make_site):
    yield from basic_pair_reconciled_every(PERIOD_SECONDS, database, install_keys, tmp_path_factory, make_site)


@pytest.fixture
def every_second(database, install_keys, tmp_path_factory, make_site):
    yield from basic_pair_reconciled_every(1, database, install_keys, tmp_path_factory, make_site)


def summaries(site) -> set[str]:
    return {issue["fields"]["summary"] for issue in site.issues("RGT")}


def repairs_queued(database, site) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(
            InboxEvent.tenant_id == tenant_id(session, site), InboxEvent.webhook_identifier.like("repair:%")))


def tenant_id(session, site) -> int:
    return session.scalar(select(Tenant.id).where(Tenant.client_key == site.client_key))


def test_every_pair_is_compared_within_one_period(every_period, database):
    left, right = every_period
    issues = [left.create_issue("LFT", "Task", f"P{n}") for n in range(LINKS)]
    settle(database, every_period, timeout=180)
    assert len(right.issues("RGT")) == LINKS

    left.faults.drop_webhooks(LINKS)
    for number, issue in enumerate(issues):
        left.update_issue(issue["key"], summary=f"P{number} edited silently")
    assert len(left.webhooks.dropped) == LINKS
    # The next round compares every pair: it begins within one period, and may take a while on a busy machine.
    # Comparing 50 pairs a round, as before, three rounds would be needed: the third begins after two periods.
    assert eventually(lambda: repairs_queued(database, left) == LINKS, timeout=2 * PERIOD_SECONDS - 1,
                      interval=0.5), f"{repairs_queued(database, left)} of {LINKS} pairs found drifted"
    settle(database, every_period, timeout=180)
    assert summaries(right) == {f"P{number} edited silently" for number in range(LINKS)}


def repairs_of(database, site, issue_id: str) -> list[InboxEvent]:
    with database.session() as session:
        return session.scalars(select(InboxEvent).where(
            InboxEvent.tenant_id == tenant_id(session, site), InboxEvent.issue_id == issue_id,
            InboxEvent.webhook_identifier.like("repair:%"))).all()


def test_the_repair_of_a_blocked_issue_is_queued_once(every_second, database):
    left, right = every_second
    issue = left.create_issue("LFT", "Task", "Before")
    settle(database, every_second)
    [twin] = right.issues("RGT")
    right.faults.force(400, times=1000, method="PUT", path=rf"/rest/api/3/issue/{twin['id']}$")
    left.faults.drop_webhooks(1)
    left.update_issue(issue["key"], summary="After, silently")

    assert eventually(lambda: repairs_of(database, left, issue["id"]), timeout=30)
    time.sleep(6)  # six more rounds
    [repair] = repairs_of(database, left, issue["id"])
    assert repair.status == "failed", repair.note
    assert right.issue(twin["key"])["fields"]["summary"] == "Before"
