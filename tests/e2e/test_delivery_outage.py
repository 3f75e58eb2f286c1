"""Faults on the way: a peer site down for a while, webhooks redelivered, webhooks lost."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from addon.db.inbox import DONE, InboxEvent

from tests.e2e.conftest import start_stack
from tests.e2e.test_power_customer import text_of
from tests.e2e.test_status_sync import with_status
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settings_client import Admin
from tests.support.settle import settle

ISSUES = 50
EDITS_PER_ISSUE = 8
COMMENTS_PER_ISSUE = 2


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    # Reconciliation every 2 s, so that a lost webhook is repaired within the test.
    running = start_stack(database, install_keys, tmp_path_factory, TANDEM_RECONCILE_SECONDS="2")
    yield running
    running.stop()


@pytest.fixture
def basic_pair(stack, make_site):
    return scenarios.basic_pair(stack.base_url, make_site)


def twins_by_origin(right) -> dict:
    return {issue["fields"]["summary"].split(" ")[0]: issue for issue in right.issues("RGT")}


def assert_no_duplicates(site, project_key):
    origins = Counter(issue["properties"].get("tandem.origin", {}).get("key") for issue in site.issues(project_key))
    origins.pop(None, None)
    assert [key for key, count in origins.items() if count > 1] == []
    for issue in site.issues(project_key):
        copies = Counter(text_of(comment["body"]) for comment in site.comments(issue["key"]))
        assert [text for text, count in copies.items() if count > 1] == [], issue["key"]


def test_a_peer_outage_converges_in_order_without_duplicates(basic_pair, database):
    left, right = basic_pair
    issues = [left.create_issue("LFT", "Task", f"I{n} v0") for n in range(ISSUES)]
    settle(database, basic_pair)
    assert len(right.issues("RGT")) == ISSUES

    right.faults.down = True
    for version in range(1, EDITS_PER_ISSUE + 1):
        for number, issue in enumerate(issues):
            left.update_issue(issue["key"], summary=f"I{number} v{version}", labels=[f"v{version}"])
    for index in range(1, COMMENTS_PER_ISSUE + 1):
        for issue in issues:
            left.add_comment(issue["key"], f"comment {index} of {issue['key']}")
    right.faults.down = False
    settle(database, basic_pair, timeout=180)

    twins = twins_by_origin(right)
    assert len(right.issues("RGT")) == ISSUES
    for number, issue in enumerate(issues):
        twin = twins[f"I{number}"]
        assert twin["fields"]["summary"] == f"I{number} v{EDITS_PER_ISSUE}"
        assert twin["fields"]["labels"] == [f"v{EDITS_PER_ISSUE}"]
        texts = [text_of(comment["body"]) for comment in right.comments(twin["key"])]
        assert [f"comment {i} of {issue['key']}" in text for i, text in enumerate(texts, 1)] == \
            [True] * COMMENTS_PER_ISSUE, texts
    assert_no_duplicates(right, "RGT")


def test_redelivered_webhooks_are_processed_once(basic_pair, database):
    left, right = basic_pair
    left.faults.duplicate_webhooks(10)
    issue = left.create_issue("LFT", "Task", "Said twice")
    left.add_comment(issue["key"], "Only once, please")
    settle(database, basic_pair)
    assert len(right.issues("RGT")) == 1
    [twin] = right.issues("RGT")
    assert len(right.comments(twin["key"])) == 1
    assert_no_duplicates(right, "RGT")


def test_changes_whose_webhooks_were_lost_are_repaired_by_reconciliation(basic_pair, database):
    left, right = basic_pair
    issue = left.create_issue("LFT", "Task", "Before")
    settle(database, basic_pair)
    left.faults.drop_webhooks(3)  # the edit, and the comment with its issue_commented
    left.update_issue(issue["key"], summary="After, silently")
    comment = left.add_comment(issue["key"], "Nobody told Tandem")
    assert len(left.webhooks.dropped) == 3, "the simulator lost the webhooks"
    [twin] = right.issues("RGT")
    assert eventually(lambda: right.issue(twin["key"])["fields"]["summary"] == "After, silently", timeout=60)
    assert eventually(lambda: any("Nobody told Tandem" in text_of(c["body"]) for c in right.comments(twin["key"])),
                      timeout=60)
    settle(database, basic_pair)
    left.delete_comment(issue["key"], comment["id"])  # webhooks flow again: this one is seen at once
    settle(database, basic_pair)
    assert right.comments(twin["key"]) == []


def test_a_status_change_whose_webhook_was_lost_is_repaired_by_reconciliation(basic_pair, database, stack):
    left, right = basic_pair
    admins = [Admin(stack.base_url, site, site.admin.account_id, {"id": site.state.require_project(key).id, "key": key})
              for site, key in ((left, "LFT"), (right, "RGT"))]
    [connection] = admins[0].call("GET", "/api/connections", expect=200).json()["connections"]
    for admin, status_map in zip(admins, ({}, {"Done": "Done"})):
        with_status(admin, connection["id"], status_map)
        admin.call("POST", f"/api/connections/{connection['id']}/half/publish", expect=200)
    issue = left.create_issue("LFT", "Task", "Closed quietly")
    settle(database, basic_pair)
    left.faults.drop_webhooks(1)
    left.transition_issue(issue["key"], "Done")
    assert len(left.webhooks.dropped) == 1, "the simulator lost the webhook"
    [twin] = right.issues("RGT")
    assert eventually(lambda: right.issue(twin["key"])["fields"]["status"]["name"] == "Done", timeout=60)


def test_webhooks_jira_gave_up_on_are_fetched_from_its_failed_list(basic_pair, database, stack):
    left, right = basic_pair
    issue = left.create_issue("LFT", "Task", "Delivered")
    settle(database, basic_pair)
    left.webhooks.attempts = 1
    stack.app.stop()  # the app is away: Jira's delivery fails for good and lands in its failed list
    left.update_issue(issue["key"], summary="Delivered late")
    [failed] = left.webhooks.failed
    stack.app.start()
    assert eventually(lambda: right.issues("RGT")[0]["fields"]["summary"] == "Delivered late", timeout=60)
    settle(database, basic_pair)
    with database.session() as session:
        recovered = session.scalar(select(InboxEvent).where(InboxEvent.webhook_identifier == failed["id"]))
    assert recovered is not None and recovered.status == DONE
