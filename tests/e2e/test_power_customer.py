"""Power Customer, end to end: a customer's Jira Software project (A) and first-level JSM (B), two sites."""
from __future__ import annotations

import json

import pytest

from tests.support import scenarios
from tests.support.settle import failed_events, settle, write_counts

REQUEST_TYPES = {"IT Help": "Get IT Help", "Purchase": "Purchase request", "Access": "Request a new account"}


def text_of(document) -> str:
    """All text of an ADF document, for assertions on what a person would read."""
    if isinstance(document, dict):
        return document.get("text", "") + "".join(text_of(child) for child in document.get("content", []))
    return ""


@pytest.fixture
def power_customer(stack, make_site, database):
    """The customer's and support's sites, connected and started."""
    return scenarios.power_customer(stack.base_url, make_site).sites


def twin_of(support_site, summary):
    return next(issue for issue in support_site.issues("SUP") if issue["fields"]["summary"] == summary)


def test_customer_issues_arrive_as_it_help_with_the_mapped_request_type(power_customer, database):
    customer_site, support_site = power_customer
    carla = customer_site.add_user("Carla Customer")
    for type_name in ("Task", "New Feature", "Improvement"):
        customer_site.create_issue("CUS", type_name, f"{type_name} from the customer",
                                   description=f"Details of the {type_name}", user=carla)
    settle(database, power_customer)
    request_field = support_site.request_type_field_id()
    get_it_help = support_site.request_type_id("SUP", "Get IT Help")
    assert len(support_site.issues("SUP")) == 3
    for type_name in ("Task", "New Feature", "Improvement"):
        twin = twin_of(support_site, f"{type_name} from the customer")
        assert twin["fields"]["issuetype"]["name"] == "IT Help"
        assert support_site.request_type_of(twin["key"]) == get_it_help, request_field
        assert text_of(twin["fields"]["description"]) == f"Details of the {type_name}"
        assert support_site.remote_links(twin["key"]), "the twin links back to the customer's issue"


def test_an_issue_created_in_b_does_not_appear_in_a(power_customer, database):
    customer_site, support_site = power_customer
    support_site.create_issue("SUP", "IT Help", "Support's own ticket")
    settle(database, power_customer)
    assert customer_site.issues("CUS") == []


def test_comments_follow_the_visibility_map_with_their_authors(power_customer, database):
    customer_site, support_site = power_customer
    carla, sam = customer_site.add_user("Carla Customer"), support_site.add_user("Sam Support")
    issue = customer_site.create_issue("CUS", "Task", "Printer on fire", user=carla)
    settle(database, power_customer)
    twin = twin_of(support_site, "Printer on fire")

    customer_site.add_comment(issue["key"], "Any news?", user=carla)
    support_site.add_comment(twin["key"], "We are on it", user=sam)
    support_site.add_comment(twin["key"], "Customer seems confused", user=sam, internal=True)
    settle(database, power_customer)

    [copied] = [c for c in support_site.comments(twin["key"]) if "Any news?" in text_of(c["body"])]
    assert copied["jsdPublic"] is True
    assert "Carla Customer" in text_of(copied["body"]) and "Any news?" in text_of(copied["body"])
    customer_texts = [text_of(c["body"]) for c in customer_site.comments(issue["key"])]
    assert len(customer_texts) == 2
    [reply] = [text for text in customer_texts if "We are on it" in text]
    assert "Sam Support" in reply
    assert not any("confused" in text for text in customer_texts)


def test_comment_edits_and_deletions_follow(power_customer, database):
    customer_site, support_site = power_customer
    issue = customer_site.create_issue("CUS", "Task", "Edit me")
    comment = customer_site.add_comment(issue["key"], "First version")
    settle(database, power_customer)
    twin = twin_of(support_site, "Edit me")
    customer_site.edit_comment(issue["key"], comment["id"], "Second version")
    settle(database, power_customer)
    [copy] = support_site.comments(twin["key"])
    assert "Second version" in text_of(copy["body"]) and "First version" not in text_of(copy["body"])
    customer_site.delete_comment(issue["key"], comment["id"])
    settle(database, power_customer)
    assert support_site.comments(twin["key"]) == []


def test_a_comment_costs_one_read_and_one_write(power_customer, database):
    customer_site, support_site = power_customer
    issue = customer_site.create_issue("CUS", "Task", "Count my calls")
    customer_site.add_comment(issue["key"], "The first comment fills the caches of project metadata")
    settle(database, power_customer)
    twin = twin_of(support_site, "Count my calls")
    before = [len(site.requests) for site in power_customer]

    comment = customer_site.add_comment(issue["key"], "Just one more comment")
    settle(database, power_customer)
    calls = [[(request.method, request.path) for request in site.requests[start:]]
             for site, start in zip(power_customer, before)]
    # Jira also reports the comment as an issue update; that update changes no field, so nothing reads the issue.
    assert calls == [[("GET", f"/rest/api/3/issue/{issue['id']}/comment/{comment['id']}")],
                     [("POST", f"/rest/api/3/issue/{twin['id']}/comment")]]


def test_after_a_synced_change_both_sites_stay_quiet(power_customer, database):
    customer_site, support_site = power_customer
    issue = customer_site.create_issue("CUS", "Task", "Quiet please")
    customer_site.add_comment(issue["key"], "hello")
    settle(database, power_customer)
    before = write_counts(power_customer)
    settle(database, power_customer, quiet=2.0)
    assert write_counts(power_customer) == before


def test_nothing_failed(power_customer, database):
    customer_site, _ = power_customer
    customer_site.create_issue("CUS", "Bug", "Bugs are not mapped in Power Customer")
    settle(database, power_customer)
    failed = failed_events(database, power_customer)
    assert [json.loads(e.payload)["webhookEvent"] + ": " + (e.last_error or "") for e in failed] == []
