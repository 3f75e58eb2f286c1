"""Errors users can act on, and the history, end to end on Power Customer (A: customer CUS, B: support SUP).

A poisoned issue waits in the connection's error list with Jira's own words while other issues keep
syncing; Retry completes it and what queued behind it, Skip drops an item on purpose, a refused credential
flags the connection, and the history tells what happened in which direction.
"""
from __future__ import annotations

import pytest

from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import settle

REFUSED_BY_JIRA = "The Customer Request Type is not valid for this project"


@pytest.fixture
def power_customer(stack, make_site, database):
    yield from scenarios.power_customer_cleaned_up(stack.base_url, make_site, database)


def summaries(site, project_key: str) -> list[str]:
    return [issue["fields"]["summary"] for issue in site.issues(project_key)]


def only_twin(site, prefix: str) -> dict:
    [twin] = [issue for issue in site.issues("SUP") if issue["fields"]["summary"].startswith(prefix)]
    return twin


def test_a_poisoned_issue_waits_while_others_sync_and_retry_completes_it(power_customer, database):
    pc = power_customer
    healthy = pc.customer.create_issue("CUS", "Task", "Healthy")
    settle(database, pc.sites)
    field = pc.support.request_type_field_id()
    pc.support.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$",
                            body={"errorMessages": [], "errors": {field: REFUSED_BY_JIRA}})
    poisoned = pc.customer.create_issue("CUS", "Task", "Poisoned")
    [error] = pc.wait_for_errors(1)
    assert error["issue"] == {"id": poisoned["id"], "key": poisoned["key"]}
    assert error["attempted"] == "create issue in SUP"
    assert error["message"] == f"400 Bad Request: {field}: {REFUSED_BY_JIRA}"

    pc.customer.update_issue(poisoned["key"], summary="Poisoned, then edited")
    pc.customer.add_comment(poisoned["key"], "Any news on this one?")
    pc.customer.update_issue(healthy["key"], summary="Healthy, edited")
    pc.customer.create_issue("CUS", "Task", "Created meanwhile")
    assert eventually(lambda: {"Healthy, edited", "Created meanwhile"} <= set(summaries(pc.support, "SUP")))
    [error] = pc.errors()
    # The issue update that comes with the comment carries nothing: it was stored done, it does not wait.
    assert error["waiting"] == 2, "the edit and the comment queue behind the failure"
    assert not any(summary.startswith("Poisoned") for summary in summaries(pc.support, "SUP"))

    pc.requester.call("POST", f"{pc.path}/errors/{error['eventId']}/retry", expect=200)
    settle(database, pc.sites)
    assert pc.errors() == []
    twin = only_twin(pc.support, "Poisoned")
    assert twin["fields"]["summary"] == "Poisoned, then edited"
    [comment] = pc.support.comments(twin["key"])
    assert "Any news on this one?" in text_of(comment["body"])

    told = pc.history(poisoned["key"])  # newest first
    assert [entry["action"] for entry in told] == ["added_comment", "created_issue", "failed"]
    assert {entry["direction"] for entry in told} == {"a->b"}
    assert told[-1]["detail"] == f"create issue in SUP: {error['message']}"
    assert told[1]["targetIssueKey"] == twin["key"] and told[1]["detail"] == "summary, description"
    assert [entry["id"] for entry in pc.history(twin["key"])] == [entry["id"] for entry in told[:2]]
    shown = pc.connection()
    assert (shown["issuesUnderSync"], shown["openErrors"], shown["status"]) == (3, 0, "active")
    assert shown["lastSync"]


def test_skip_drops_a_failed_comment_and_what_waited_behind_it_flows(power_customer, database):
    pc = power_customer
    issue = pc.customer.create_issue("CUS", "Task", "Commented")
    settle(database, pc.sites)
    twin = only_twin(pc.support, "Commented")
    pc.support.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue/[^/]+/comment$",
                            body={"errorMessages": ["Comment body is too large."], "errors": {}})
    pc.customer.add_comment(issue["key"], "Dropped on purpose")
    [error] = pc.wait_for_errors(1)
    assert error["attempted"] == f"add comment to {twin['key']}"
    pc.customer.add_comment(issue["key"], "Carried after the skip")

    skipped = pc.redeemer.call("POST", f"{pc.path}/errors/{error['eventId']}/skip", expect=200).json()
    assert skipped["status"] == "skipped" and pc.redeemer.account_id in skipped["note"]
    settle(database, pc.sites)
    assert [text_of(c["body"]).endswith("Carried after the skip") for c in pc.support.comments(twin["key"])] == [True]
    told = pc.history(issue["key"])
    assert [entry["action"] for entry in told[:3]] == ["added_comment", "skipped", "failed"]
    assert pc.redeemer.account_id in told[1]["detail"] and "Comment body is too large." in told[1]["detail"]
    assert pc.errors() == []


def test_a_refused_credential_flags_the_connection_until_an_admin_starts_it_and_retries(power_customer, database):
    pc = power_customer
    issue = pc.customer.create_issue("CUS", "Task", "Before the credentials broke")
    settle(database, pc.sites)
    twin = only_twin(pc.support, "Before")
    pc.support.faults.force(401, times=1, method="PUT", path=r"/rest/api/3/issue/",
                            body={"message": "Client must be authenticated to access this resource."})
    pc.customer.update_issue(issue["key"], summary="After the credentials broke")
    [error] = pc.wait_for_errors(1)
    assert error["attempted"] == f"update summary of {twin['key']}"
    shown = pc.connection()
    assert shown["status"] == "error" and shown["openErrors"] == 1
    assert pc.support.base_url in shown["attention"] and "401 Unauthorized" in shown["attention"]
    [listed] = pc.requester.call("GET", "/api/connections", expect=200).json()["connections"]
    assert listed["attention"] == shown["attention"]

    started = pc.requester.call("POST", pc.path + "/start", expect=200).json()
    assert started["attention"] is None
    pc.requester.call("POST", f"{pc.path}/errors/{error['eventId']}/retry", expect=200)
    settle(database, pc.sites)
    assert pc.support.issue(twin["key"])["fields"]["summary"] == "After the credentials broke"
    assert pc.connection()["openErrors"] == 0


def test_a_busy_or_failing_site_is_waited_for_and_never_listed_nor_duplicated(power_customer, database):
    pc = power_customer
    creating = {"method": "POST", "path": r"/rest/api/3/issue$"}
    pc.support.faults.force(429, headers={"Retry-After": "1"}, **creating)
    # Jira creates the issue, but the answer is lost: the retry must find that twin, not make another.
    pc.support.faults.force(500, take_effect=True, **creating)
    issue = pc.customer.create_issue("CUS", "Task", "Through the weather")
    settle(database, pc.sites)
    assert summaries(pc.support, "SUP") == ["Through the weather"]
    assert pc.errors() == []
    assert "linked_twin" in [entry["action"] for entry in pc.history(issue["key"])]
