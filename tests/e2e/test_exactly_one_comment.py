"""Exactly one copy of each comment when a call to Jira outlives the worker's lease and another worker is there.

Failed on 4d66e65 (lease renewed only between groups, done-marking unfenced): the sweep gave the issue to the
second worker while the first waited on Jira, and both posted the comment.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import start_stack
from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import settle

LEASE_SECONDS = 2


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    running = start_stack(database, install_keys, tmp_path_factory, workers=2,
                          TANDEM_LEASE_SECONDS=str(LEASE_SECONDS), TANDEM_SWEEP_SECONDS="0.5")
    yield running
    running.stop()


@pytest.fixture
def basic_pair(stack, make_site):
    return scenarios.basic_pair(stack.base_url, make_site)


def test_a_comment_call_slower_than_the_lease_makes_one_copy(basic_pair, database):
    left, right = basic_pair
    issue = left.create_issue("LFT", "Task", "Slow comments")
    assert eventually(lambda: len(right.issues("RGT")) == 1, timeout=30)
    [twin] = right.issues("RGT")
    right.faults.slow_down(4 * LEASE_SECONDS, method="POST", path=r"/comment$")

    left.add_comment(issue["key"], "Posted while Jira is stuck")
    settle(database, [left, right], quiet=2 * LEASE_SECONDS, timeout=60)

    comments = right.comments(twin["key"])
    assert ["Posted while Jira is stuck" in text_of(c["body"]) for c in comments] == [True], [(c.method, c.path, c.status) for c in right.requests]
    posts = [call for call in right.writes() if call.method == "POST" and call.path.endswith("/comment")]
    assert len(posts) == 1, [(c.method, c.path, c.status) for c in right.requests]
