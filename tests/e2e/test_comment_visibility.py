"""Who may see a comment travels with it (issue 13, items 5 and 6): a comment restricted to a role or group never
leaves its side unless a half maps restricted comments, and a later change of a comment's visibility reaches its
copy: made internal, made public where the halves allow it, or withdrawn when the original no longer leaves.

Checked failing against fdcdec2 (all four tests): the restricted comment arrived in SUP as a public reply, and
visibility changes were never carried (the copy stayed as it was).
"""
from __future__ import annotations

import pytest

from tests.e2e.test_mirroring_and_basic import mirroring  # noqa: F401 (a fixture)
from tests.e2e.test_power_customer import text_of, twin_of
from tests.support import scenarios
from tests.support.settle import failed_events, settle


@pytest.fixture
def power_customer(stack, make_site, database):
    return scenarios.power_customer(stack.base_url, make_site).sites


def texts(site, key) -> list[str]:
    return [text_of(comment["body"]) for comment in site.comments(key)]


def copy_of(site, key, words) -> dict:
    [found] = [comment for comment in site.comments(key) if words in text_of(comment["body"])]
    return found


def test_a_comment_restricted_to_developers_never_reaches_the_support_project(power_customer, database):
    customer, support = power_customer
    dev = customer.add_user("Dana Developer")
    issue = customer.create_issue("CUS", "Task", "Login fails")
    customer.add_comment(issue["key"], "Root cause: the token secret leaked", user=dev,
                         restricted_to=("role", "Developers"))
    customer.add_comment(issue["key"], "Group only: rotate keys", user=dev, restricted_to=("group", "jira-developers"))
    customer.add_comment(issue["key"], "We are looking into it", user=dev)
    settle(database, power_customer)

    twin = twin_of(support, "Login fails")
    assert [text for text in texts(support, twin["key"]) if "leaked" in text or "rotate" in text] == []
    assert len(texts(support, twin["key"])) == 1 and copy_of(support, twin["key"], "looking into it")["jsdPublic"]
    assert failed_events(database, power_customer) == []


def test_a_copied_comment_restricted_later_is_withdrawn(power_customer, database):
    customer, support = power_customer
    issue = customer.create_issue("CUS", "Task", "Disk full")
    comment = customer.add_comment(issue["key"], "The password is hunter2")
    settle(database, power_customer)
    twin = twin_of(support, "Disk full")
    assert len(texts(support, twin["key"])) == 1

    customer.set_comment_visibility(issue["key"], comment["id"], ("role", "Developers"))
    settle(database, power_customer)
    assert texts(support, twin["key"]) == []

    customer.set_comment_visibility(issue["key"], comment["id"], "public")
    settle(database, power_customer)
    assert len(texts(support, twin["key"])) == 1, "made visible to all again, it is sent again"


def test_a_reply_made_internal_leaves_the_customer_and_one_made_public_reaches_it(power_customer, database):
    customer, support = power_customer
    issue = customer.create_issue("CUS", "Task", "VPN down")
    settle(database, power_customer)
    twin = twin_of(support, "VPN down")
    reply = support.add_comment(twin["key"], "Try restarting the router")
    note = support.add_comment(twin["key"], "Customer's router is ancient", internal=True)
    settle(database, power_customer)
    assert [("restarting" in text, "ancient" in text) for text in texts(customer, issue["key"])] == [(True, False)]

    support.set_comment_visibility(twin["key"], reply["id"], "internal")
    support.set_comment_visibility(twin["key"], note["id"], "public")
    settle(database, power_customer)
    [shown] = texts(customer, issue["key"])
    assert "ancient" in shown and "restarting" not in shown


def test_mirrored_comments_change_visibility_with_their_original(mirroring, database):  # noqa: F811
    east, west = mirroring
    issue = east.create_issue("EDS", "IT Help", "Laptop broken")
    public = east.add_comment(issue["key"], "Shared with the customer")
    internal = east.add_comment(issue["key"], "Between agents", internal=True)
    settle(database, mirroring)
    twin = next(i for i in west.issues("WDS") if i["fields"]["summary"] == "Laptop broken")
    assert copy_of(west, twin["key"], "Shared with")["jsdPublic"] is True
    assert copy_of(west, twin["key"], "Between agents")["jsdPublic"] is False

    east.set_comment_visibility(issue["key"], public["id"], "internal")
    east.set_comment_visibility(issue["key"], internal["id"], "public")
    settle(database, mirroring)
    assert copy_of(west, twin["key"], "Shared with")["jsdPublic"] is False
    assert copy_of(west, twin["key"], "Between agents")["jsdPublic"] is True

    east.set_comment_visibility(issue["key"], internal["id"], ("role", "Service Desk Team"))
    settle(database, mirroring)
    assert [text for text in texts(west, twin["key"]) if "Between agents" in text] == []
