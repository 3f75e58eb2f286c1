"""Webhooks are acknowledged at once, whatever the workers are doing: on SQLite (the default) no transaction
holds the database's write lock while Jira is called.

A hub: LFT (site left) is connected to RGT (site right) and to FAR (site far), both slow to answer. Each edit of an
LFT issue is carried along both connections; on 66c2e54 the drain wrote what the first connection applied, then
called Jira for the second with that write uncommitted, so SQLite's write lock was held through the slow call and
every webhook arriving meanwhile waited for it (the answers took as long as the slow call, 1.5 s here; 8.4 s was
measured against a slower Jira).
"""
from __future__ import annotations

import time

import pytest

from tests.support import scenarios
from tests.support.settle import settle

SLOW_SECONDS = 1.5
EDITS = 12
ACKNOWLEDGED_WITHIN_SECONDS = 1.0


@pytest.fixture
def hub(stack, make_site):
    left, right, far = make_site("left"), make_site("right"), make_site("far")
    scenarios.install(stack.base_url, left, right, far)
    project = left.add_project("LFT", "Left")
    scenarios.connect_and_start(stack.base_url, left, project, right, right.add_project("RGT", "Right"), "basic")
    scenarios.connect_and_start(stack.base_url, left, project, far, far.add_project("FAR", "Far"), "basic")
    return left, right, far


def test_webhooks_are_acknowledged_at_once_while_workers_wait_for_a_slow_jira(hub, database):
    left, right, far = hub
    issue = left.create_issue("LFT", "Task", "v0")
    settle(database, hub)
    assert len(right.issues("RGT")) == len(far.issues("FAR")) == 1
    right.faults.latency = far.faults.latency = SLOW_SECONDS
    already = len(left.webhooks.deliveries)

    for version in range(1, EDITS + 1):
        left.update_issue(issue["key"], summary=f"v{version}")
        time.sleep(0.3)
    settle(database, hub, timeout=120)

    answers = left.webhooks.deliveries[already:]
    assert len(answers) == EDITS and {answer["status"] for answer in answers} == {202}
    slowest = max(answer["seconds"] for answer in answers)
    assert slowest < ACKNOWLEDGED_WITHIN_SECONDS, sorted(round(answer["seconds"], 2) for answer in answers)
    assert right.issues("RGT")[0]["fields"]["summary"] == far.issues("FAR")[0]["fields"]["summary"] == f"v{EDITS}"
