"""The two directions of a pair write the link's state (what was last written on each side) at the same time.

Failed on cd86efe: each drain read the link, called Jira, then wrote back both sides' state as it had read it, so
the direction that committed last erased what the other remembered; a later change back to an erased value was
then taken for what Tandem had written already, and never carried across.
"""
from __future__ import annotations

import threading

import pytest

from tests.support import scenarios
from tests.support.settle import settle

LATENCY_SECONDS = 0.3


@pytest.fixture
def basic_pair(stack, make_site):
    return scenarios.basic_pair(stack.base_url, make_site)


def at_once(*changes) -> None:
    threads = [threading.Thread(target=change) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_concurrent_edits_on_both_sides_keep_both_directions_state(basic_pair, database):
    left, right = basic_pair
    issue = left.create_issue("LFT", "Task", "Original summary")
    settle(database, basic_pair)
    [twin] = right.issues("RGT")
    for site in basic_pair:
        site.faults.latency = LATENCY_SECONDS

    at_once(lambda: left.update_issue(issue["key"], summary="Changed on the left"),
            lambda: right.update_issue(twin["key"], labels=["changed-on-the-right"]))
    settle(database, basic_pair, quiet=2.0)
    assert right.issue(twin["key"])["fields"]["summary"] == "Changed on the left"
    assert left.issue(issue["key"])["fields"]["labels"] == ["changed-on-the-right"]

    # Back to what each field was before: a value the link no longer remembers as written must travel.
    at_once(lambda: left.update_issue(issue["key"], summary="Original summary"),
            lambda: right.update_issue(twin["key"], labels=[]))
    settle(database, basic_pair, quiet=2.0)
    assert right.issue(twin["key"])["fields"]["summary"] == "Original summary"
    assert left.issue(issue["key"])["fields"]["labels"] == []
