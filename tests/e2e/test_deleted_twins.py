"""A deleted issue of a pair (issue 13, item 8): the pair is unlinked, the history says so, and nothing blocks.

What happens next is the half's setting ``incoming.when_twin_deleted`` of the side whose issue was deleted:
``keep_unlinked`` (the default: the other issue stays, later changes of it are not carried, nothing is recreated) or
``recreate`` (the next change of the other issue makes a new twin).

Checked failing against 316eefa: the next change of the survivor failed for good with Jira's 404 and waited in the
error list, blocking every later event of the issue.
"""
from __future__ import annotations

import pytest

from tests.e2e.test_power_customer import twin_of
from tests.support import scenarios
from tests.support.settle import failed_events, settle


@pytest.fixture
def pc(stack, make_site, database):
    yield from scenarios.power_customer_cleaned_up(stack.base_url, make_site, database)


def test_a_deleted_twin_unlinks_the_pair_and_a_later_change_recreates_nothing(pc, database):
    issue = pc.customer.create_issue("CUS", "Task", "Will lose its twin")
    settle(database, pc.sites)
    twin = twin_of(pc.support, "Will lose its twin")

    pc.support.delete_issue(twin["key"])
    pc.customer.update_issue(issue["key"], summary="Changed after the twin was deleted")
    pc.customer.add_comment(issue["key"], "Anyone there?")
    settle(database, pc.sites)

    assert pc.support.issues("SUP") == []
    assert failed_events(database, pc.sites) == [] and pc.errors() == []
    assert any(entry["action"] == "unlinked" and twin["key"] in (entry["detail"] or "")
               for entry in pc.history(issue["key"]))
    assert pc.customer.remote_links(issue["key"]) == [], "the survivor no longer points to a deleted twin"


def test_a_deleted_original_leaves_its_twin_unlinked(pc, database):
    issue = pc.customer.create_issue("CUS", "Task", "Original to delete")
    settle(database, pc.sites)
    twin = twin_of(pc.support, "Original to delete")

    pc.customer.delete_issue(issue["key"])
    pc.support.add_comment(twin["key"], "Reply nobody will read")
    pc.support.update_issue(twin["key"], summary="Still here")
    settle(database, pc.sites)

    assert [found["fields"]["summary"] for found in pc.support.issues("SUP")] == ["Still here"]
    assert pc.customer.issues("CUS") == []
    assert failed_events(database, pc.sites) == [] and pc.errors() == []
    assert pc.support.remote_links(twin["key"]) == []


def test_when_the_half_says_so_the_next_change_recreates_the_twin(pc, database):
    draft = pc.redeemer.call("GET", pc.path + "/half", expect=200).json()["draft"]
    draft["incoming"]["when_twin_deleted"] = "recreate"
    pc.redeemer.call("PUT", pc.path + "/half", json=draft, expect=200)
    pc.redeemer.call("POST", pc.path + "/half/publish", expect=200)
    issue = pc.customer.create_issue("CUS", "Task", "Comes back")
    settle(database, pc.sites)
    pc.support.delete_issue(twin_of(pc.support, "Comes back")["key"])
    settle(database, pc.sites)

    pc.customer.update_issue(issue["key"], summary="Comes back again")
    settle(database, pc.sites)
    assert [found["fields"]["summary"] for found in pc.support.issues("SUP")] == ["Comes back again"]
    assert failed_events(database, pc.sites) == []
