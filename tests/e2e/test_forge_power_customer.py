"""Power Customer end to end through the Forge door (Forge Remote): between two sites that installed Tandem's
Forge app, and between a Forge site and a Connect site, with the same assertions as the Connect scenario; events,
UI calls and Jira calls of a Forge site all go through the simulated Forge."""
from __future__ import annotations

import pytest

from tests.support import forge_scenarios
from tests.support.settle import write_counts


def text_of(document) -> str:
    if isinstance(document, dict):
        return document.get("text", "") + "".join(text_of(child) for child in document.get("content", []))
    return ""


@pytest.fixture(params=["forge-forge", "forge-connect"])
def power_customer(request, forge_stack, forge, make_site, database):
    """The customer's site installed the Forge app; support's the Forge app too, or only Connect."""
    customer, support = make_site("customer"), make_site("support")
    forge_scenarios.install_doors(forge, forge_stack.base_url, customer, support, request.param)
    cus = customer.add_project("CUS", "Customer", type="software")
    sup = support.add_project("SUP", "First level", type="service_desk")
    forge_scenarios.connect_and_start(forge_stack.base_url, forge, customer, cus, support, sup, "power_customer")
    yield customer, support
    forge_scenarios.finish(database, forge, [customer, support])


def twin_of(support_site, summary):
    return next(issue for issue in support_site.issues("SUP") if issue["fields"]["summary"] == summary)


def test_types_request_types_and_comments_cross_through_forge(power_customer, forge, database):
    customer, support = power_customer
    sites = [customer, support]
    carla, sam = customer.add_user("Carla Customer"), support.add_user("Sam Support")
    for type_name in ("Task", "New Feature", "Improvement"):
        customer.create_issue("CUS", type_name, f"{type_name} from the customer",
                              description=f"Details of the {type_name}", user=carla)
    support.create_issue("SUP", "IT Help", "Support's own ticket")
    forge_scenarios.settle_forge(database, forge, sites)

    get_it_help = support.request_type_id("SUP", "Get IT Help")
    assert len(support.issues("SUP")) == 4 and len(customer.issues("CUS")) == 3, "B's own ticket stays in B"
    for type_name in ("Task", "New Feature", "Improvement"):
        twin = twin_of(support, f"{type_name} from the customer")
        assert twin["fields"]["issuetype"]["name"] == "IT Help"
        assert support.request_type_of(twin["key"]) == get_it_help
        assert text_of(twin["fields"]["description"]) == f"Details of the {type_name}"

    issue = customer.issues("CUS")[0]
    twin = twin_of(support, issue["fields"]["summary"])
    customer.add_comment(issue["key"], "Any news?", user=carla)
    support.add_comment(twin["key"], "We are on it", user=sam)
    support.add_comment(twin["key"], "Customer seems confused", user=sam, internal=True)
    forge_scenarios.settle_forge(database, forge, sites)

    [copied] = [c for c in support.comments(twin["key"]) if "Any news?" in text_of(c["body"])]
    assert copied["jsdPublic"] is True and "Carla Customer" in text_of(copied["body"])
    customer_texts = [text_of(c["body"]) for c in customer.comments(issue["key"])]
    assert len(customer_texts) == 2, customer_texts
    assert any("We are on it" in text and "Sam Support" in text for text in customer_texts)
    assert not any("confused" in text for text in customer_texts)


def test_edits_and_deletes_follow_without_echo_or_duplicate(power_customer, forge, database):
    customer, support = power_customer
    sites = [customer, support]
    issue = customer.create_issue("CUS", "Task", "Edit me")
    comment = customer.add_comment(issue["key"], "first words")
    forge_scenarios.settle_forge(database, forge, sites)
    twin = twin_of(support, "Edit me")
    before = write_counts(sites)

    customer.update_issue(issue["key"], summary="Edited summary")
    customer.edit_comment(issue["key"], comment["id"], "second words")
    forge_scenarios.settle_forge(database, forge, sites)
    [copy] = support.comments(twin["key"])
    assert "second words" in text_of(copy["body"]), "the edit (commented:issue) updated the copy"
    assert support.issue(twin["key"])["fields"]["summary"] == "Edited summary"
    after_edit = write_counts(sites)
    assert after_edit[0] == before[0], "nothing was written back to the customer's site: no echo"
    assert after_edit[1] - before[1] == 2, "one write per change in support's site, none repeated"

    customer.delete_comment(issue["key"], comment["id"])
    forge_scenarios.settle_forge(database, forge, sites)
    assert support.comments(twin["key"]) == []
    assert write_counts(sites)[0] == before[0]


def test_a_retried_event_is_stored_once(power_customer, forge, database):
    customer, support = power_customer
    installation = forge.installation_in(customer)
    customer.create_issue("CUS", "Task", "Once only")
    forge_scenarios.settle_forge(database, forge, [customer, support])
    [delivered] = [a for a in forge.delivery.attempts if a["eventType"] == "avi:jira:created:issue"][-1:]
    assert delivered["status"] == 202
    event = {"eventType": "avi:jira:created:issue", "issue": customer.issues("CUS")[0], "selfGenerated": False}
    assert installation.send_event(event).json()["status"] == "duplicate"
    forge_scenarios.settle_forge(database, forge, [customer, support])
    assert len(support.issues("SUP")) == 1
