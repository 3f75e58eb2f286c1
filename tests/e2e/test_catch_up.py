"""Catch-up, end to end on Power Customer (A: customer CUS, B: support SUP): what happened on the customer's
site while the connection was paused or in error arrives once it runs again, exactly once and in order."""
from __future__ import annotations

from collections import Counter

import pytest

from addon.db.connection import Connection
from tests.e2e.conftest import own_stack
from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import settle

UNAUTHORIZED = {"message": "Client must be authenticated to access this resource."}


@pytest.fixture
def power_customer(stack, make_site, database):
    yield from scenarios.power_customer_cleaned_up(stack.base_url, make_site, database)


@pytest.fixture
def power_customer_reconciled_often(database, install_keys, tmp_path_factory, make_site):
    """On a stack of its own that reconciles every 2 s: the round takes up a catch-up a site did not answer."""
    with own_stack(database, install_keys, tmp_path_factory, TANDEM_RECONCILE_SECONDS="2") as running:
        yield from scenarios.power_customer_cleaned_up(running.base_url, make_site, database)


def twins(pc, summary: str) -> list[dict]:
    return [issue for issue in pc.support.issues("SUP") if issue["fields"]["summary"] == summary]


def comment_texts(site, key: str) -> list[str]:
    return [text_of(comment["body"]) for comment in site.comments(key)]


def catch_up_queued(pc, database) -> bool:
    def halted_at():
        with database.session() as session:
            return session.get(Connection, pc.connection_id).halted_at

    return eventually(lambda: halted_at() is None, timeout=30)


def linked_issue(pc, database, summary: str) -> tuple[dict, dict]:
    issue = pc.customer.create_issue("CUS", "Task", summary)
    settle(database, pc.sites)
    [twin] = twins(pc, summary)
    return issue, twin


def miss_a_new_issue_and_an_edit(pc, database, linked: dict, twin: dict) -> None:
    """On the customer's site: a new issue with two comments, an edit and a comment on a linked one; none of it
    reaches support for now."""
    new = pc.customer.create_issue("CUS", "Task", "Raised meanwhile")
    pc.customer.add_comment(new["key"], "First remark")
    pc.customer.add_comment(new["key"], "Second remark")
    pc.customer.update_issue(linked["key"], summary="Edited meanwhile")
    pc.customer.add_comment(linked["key"], "Any news?")
    settle(database, pc.sites)
    assert twins(pc, "Raised meanwhile") == [] and comment_texts(pc.support, twin["key"]) == []


def all_arrived(pc, twin: dict) -> bool:
    new_twins = twins(pc, "Raised meanwhile")
    return (len(new_twins) == 1 and len(comment_texts(pc.support, new_twins[0]["key"])) == 2
            and pc.support.issue(twin["key"])["fields"]["summary"] == "Edited meanwhile"
            and len(comment_texts(pc.support, twin["key"])) == 1)


def assert_all_arrived_once_in_order(pc, twin: dict) -> None:
    [new_twin] = twins(pc, "Raised meanwhile")
    texts = comment_texts(pc.support, new_twin["key"])
    assert len(texts) == 2 and "First remark" in texts[0] and "Second remark" in texts[1], texts
    assert pc.support.issue(twin["key"])["fields"]["summary"] == "Edited meanwhile"
    [news] = comment_texts(pc.support, twin["key"])
    assert "Any news?" in news
    origins = Counter(issue["properties"].get("tandem.origin", {}).get("key") for issue in pc.support.issues("SUP"))
    assert set(origins.values()) == {1}, origins


def test_a_paused_connection_catches_up_when_resumed(power_customer, database):
    pc = power_customer
    linked, twin = linked_issue(pc, database, "Linked before the pause")
    pc.requester.call("POST", pc.path + "/pause", expect=200)
    assert pc.connection()["missedSince"] is None
    miss_a_new_issue_and_an_edit(pc, database, linked, twin)
    assert pc.connection()["missedSince"] is not None, "the settings page tells that changes are waiting"

    assert pc.requester.call("POST", pc.path + "/resume", expect=200).json()["status"] == "active"
    assert catch_up_queued(pc, database)
    settle(database, pc.sites)

    assert_all_arrived_once_in_order(pc, twin)
    assert pc.errors() == []
    assert pc.connection()["missedSince"] is None


def test_a_connection_in_error_catches_up_when_started_again(power_customer, database):
    pc = power_customer
    linked, twin = linked_issue(pc, database, "Linked before the error")
    pc.support.faults.force(401, times=1, method="POST", path=r"/rest/api/3/issue$", body=UNAUTHORIZED)
    pc.customer.create_issue("CUS", "Task", "Refused once")
    [error] = pc.wait_for_errors(1)
    assert pc.connection()["status"] == "error"
    miss_a_new_issue_and_an_edit(pc, database, linked, twin)

    pc.requester.call("POST", pc.path + "/start", expect=200)
    assert catch_up_queued(pc, database)
    # Before any Retry: the failed item holds back its own issue only (and the catch-up's event for it).
    assert eventually(lambda: all_arrived(pc, twin), timeout=30)
    pc.requester.call("POST", f"{pc.path}/errors/{error['eventId']}/retry", expect=200)
    settle(database, pc.sites)

    assert_all_arrived_once_in_order(pc, twin)
    assert len(twins(pc, "Refused once")) == 1 and pc.errors() == []


def test_a_catch_up_the_site_did_not_answer_is_taken_up_by_the_next_round(power_customer_reconciled_often,
                                                                          database):
    pc = power_customer_reconciled_often
    pc.requester.call("POST", pc.path + "/pause", expect=200)
    pc.customer.create_issue("CUS", "Task", "Raised while the customer's site was away")
    settle(database, pc.sites)
    pc.customer.faults.down = True  # its REST API answers 503; webhooks would still go out

    # Support's admin resumes: asking the customer's site whether its admin still administers CUS would fail.
    pc.redeemer.call("POST", pc.path + "/resume", expect=200)
    assert eventually(lambda: any(request.injected for request in list(pc.customer.requests)), timeout=30)
    pc.customer.faults.down = False
    assert catch_up_queued(pc, database)
    settle(database, pc.sites)

    assert len(twins(pc, "Raised while the customer's site was away")) == 1
