"""Items Tandem retries by itself are shown while it does, and fail for good once the retry window has passed.

Power Customer (A: customer CUS, B: support SUP) with a 4-second retry window and backoff capped at 1 s, so
that "Jira keeps answering 500" turns into a failed item within the test.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import start_stack
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import settle

RETRY_WINDOW_SECONDS = 4
CREATE_TWIN = r"/rest/api/3/issue$"


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    running = start_stack(database, install_keys, tmp_path_factory, TANDEM_BACKOFF_CAP_SECONDS="1",
                          TANDEM_RETRY_WINDOW_SECONDS=str(RETRY_WINDOW_SECONDS))
    yield running
    running.stop()


@pytest.fixture
def power_customer(stack, make_site):
    return scenarios.power_customer(stack.base_url, make_site)


def twins(pc, summary: str) -> list[dict]:
    return [issue for issue in pc.support.issues("SUP") if issue["fields"]["summary"] == summary]


def test_an_item_jira_keeps_refusing_for_now_shows_as_retrying_then_goes_through(power_customer, database):
    pc = power_customer
    pc.support.faults.force(502, times=3, method="POST", path=CREATE_TWIN)
    issue = pc.customer.create_issue("CUS", "Task", "Created while support's Jira hiccups")

    [retrying] = pc.wait_for_errors(1)
    assert retrying["status"] == "retrying"
    assert retrying["issue"]["key"] == issue["key"] and retrying["attempted"] == "create issue in SUP"
    assert retrying["message"].startswith("502 Bad Gateway")
    assert retrying["failedAt"] is not None
    assert pc.connection()["openErrors"] == 0, "an item that is still retried is not an open error"
    refused = pc.requester.call("POST", f"{pc.path}/errors/{retrying['eventId']}/retry")
    assert refused.status_code == 409 and "pending" in refused.json()["message"]

    settle(database, pc.sites)
    assert len(twins(pc, "Created while support's Jira hiccups")) == 1
    assert pc.errors() == []


def test_an_item_still_refused_after_the_retry_window_fails_for_good_and_retry_completes_it(power_customer,
                                                                                            database):
    pc = power_customer
    pc.support.faults.force(500, times=10_000, method="POST", path=CREATE_TWIN)
    issue = pc.customer.create_issue("CUS", "Task", "Created while support's Jira is broken")

    assert eventually(lambda: [item["status"] for item in pc.errors()] == ["failed"], timeout=30, interval=0.2), \
        pc.errors()
    [failed] = pc.errors()
    assert failed["issue"]["key"] == issue["key"]
    assert failed["message"].startswith("gave up after retrying for ")
    assert "the last answer was: 500 Internal Server Error" in failed["message"]
    assert failed["attempts"] >= 3
    assert pc.connection()["openErrors"] == 1

    pc.support.faults.reset()
    pc.requester.call("POST", f"{pc.path}/errors/{failed['eventId']}/retry", expect=200)
    settle(database, pc.sites)
    assert len(twins(pc, "Created while support's Jira is broken")) == 1
    assert pc.errors() == []
