"""The worker killed with SIGKILL at random moments: every trial converges, nothing lost or doubled."""
from __future__ import annotations

import random
import time

import pytest

from tests.e2e.conftest import start_stack
from tests.e2e.test_delivery_outage import assert_no_duplicates
from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.settle import settle

TRIALS = 30


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    # A short lease, so that the work of a killed worker is taken over within seconds.
    running = start_stack(database, install_keys, tmp_path_factory, TANDEM_LEASE_SECONDS="3")
    yield running
    running.stop()


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(stack, make_site, database):
    left, right = scenarios.basic_pair(stack.base_url, make_site)
    chance = random.Random(20261121)
    for trial in range(TRIALS):
        issue = left.create_issue("LFT", "Task", f"T{trial} v0")
        left.add_comment(issue["key"], f"T{trial} comment")
        left.update_issue(issue["key"], summary=f"T{trial} v1")
        time.sleep(chance.uniform(0, 0.4))
        stack.worker.kill()
        stack.restart_worker()
    settle(database, [left, right], quiet=2.0, timeout=300)

    twins = {issue["fields"]["summary"]: issue for issue in right.issues("RGT")}
    assert sorted(twins) == sorted(f"T{trial} v1" for trial in range(TRIALS))
    for trial in range(TRIALS):
        comments = right.comments(twins[f"T{trial} v1"]["key"])
        assert [f"T{trial} comment" in text_of(c["body"]) for c in comments] == [True], comments
    assert_no_duplicates(right, "RGT")
