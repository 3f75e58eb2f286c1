"""People across two sites: assignee, reporter, a user picker and mentions, mapped by each receiving half.

Left (LFT) and right (RGT) run Basic, set up as their admins would, with people added to what each side sends and
takes in. Right maps Bob by its table (his profile hides his e-mail) and gives anyone it cannot find to its support
queue; left finds people by e-mail and unassigns whoever it cannot find. A Power Customer pair shows a support desk
raising the twin request on behalf of the customer's portal account.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.e2e.test_power_customer import text_of
from tests.jirasim import SimSite
from tests.jirasim.adf import mention_document
from tests.support import scenarios
from tests.support.settings_client import Admin, connect_across_sites, connect_within_site
from tests.support.settle import settle, write_counts

PEOPLE_FIELDS = ["assignee", "reporter"]


@dataclass
class Pair:
    left: SimSite
    right: SimSite
    left_people: dict
    right_people: dict
    reviewer: str  # the user-picker field's id, on both sites
    approvers: str  # the multi-user picker's id, on both sites
    left_admin: Admin
    right_admin: Admin
    connection_id: int

    @property
    def sites(self):
        return [self.left, self.right]


def carry_people(admin: Admin, connection_id: int, fields: list[str], people: dict) -> None:
    """The admin's half sends and takes in ``fields`` too, with ``people`` as its user map."""
    path = f"/api/connections/{connection_id}/half"
    draft = admin.call("GET", path, expect=200).json()["draft"]
    draft["outgoing"]["fields"] = list(dict.fromkeys(draft["outgoing"]["fields"] + fields))
    draft["incoming"]["fields"].update({field: field for field in fields})
    draft["incoming"]["people"] = people
    admin.call("PUT", path, json=draft, expect=200)


@pytest.fixture
def pair(stack, make_site, database):
    return people_pair(stack.base_url, make_site, database)


def people_pair(app_url: str, make_site, database) -> Pair:
    left, right = make_site("left"), make_site("right")
    scenarios.install(app_url, left, right)
    left_project, right_project = left.add_project("LFT", "Left"), right.add_project("RGT", "Right")
    reviewer = left.add_custom_field("Reviewer", "user")
    assert right.add_custom_field("Reviewer", "user") == reviewer
    approvers = left.add_custom_field("Approvers", "multiuser")
    assert right.add_custom_field("Approvers", "multiuser") == approvers
    left_people = {
        "ann": left.add_user("Ann Archer", email="ann@example.com"),
        "bob": left.add_user("Bob Baker", email="bob@example.com", email_visible=False),
        "carl": left.add_user("Carl Cole", email="carl@left.example", email_visible=False),
        "zed": left.add_user("Zed Zero", email="zed@example.com"),
    }
    right_people = {
        "ann": right.add_user("Ann A. Archer", email="ann@example.com"),
        "robert": right.add_user("Robert Baker", email="robert@right.example"),
        "carl": right.add_user("Carl Cole", email="carl@right.example", email_visible=False),
        "queue": right.add_user("Support Queue", email="queue@right.example"),
    }
    requester = Admin(app_url, left, left.admin.account_id, left_project)
    redeemer = Admin(app_url, right, right.admin.account_id, right_project)
    connection_id = connect_across_sites(requester, redeemer, "basic")
    fields = PEOPLE_FIELDS + [reviewer, approvers]
    carry_people(redeemer, connection_id, fields, {
        "table": [{"their_account_id": left_people["bob"].account_id, "their_name": "Bob Baker",
                   "my_account_id": right_people["robert"].account_id, "my_name": "Robert Baker"}],
        "fallback": "default_user", "default_account_id": right_people["queue"].account_id,
        "default_name": "Support Queue"})
    carry_people(requester, connection_id, fields, {"fallback": "unassigned", "match_by_display_name": False})
    requester.publish_and_start(connection_id, redeemer)
    settle(database, [left, right])
    return Pair(left, right, left_people, right_people, reviewer, approvers, requester, redeemer,
                connection_id)


def only_issue(site, project_key: str) -> dict:
    [issue] = site.issues(project_key)
    return issue


def account(user_field) -> str | None:
    return user_field["accountId"] if user_field else None


def mentions_and_text(document: dict) -> list:
    """The paragraph's nodes: mentions by account id, text as text."""
    return [node["attrs"]["id"] if node["type"] == "mention" else node["text"]
            for node in document["content"][0]["content"]]


def edits_of(site, issue_id: str) -> list:
    return [call for call in site.writes() if call.method == "PUT" and call.path.endswith(f"/issue/{issue_id}")]


def settled_quietly(database, pair: Pair) -> tuple[int, ...]:
    """Write counts once settled, asserted unchanged by a second settle: nothing echoes back and forth."""
    settle(database, pair.sites)
    counts = write_counts(pair.sites)
    settle(database, pair.sites, quiet=1.5)
    assert write_counts(pair.sites) == counts
    return counts


def copied(database, pair: Pair, summary: str, **fields) -> tuple[dict, dict]:
    """An issue created on the left, and its twin on the right once settled."""
    original = pair.left.create_issue("LFT", "Task", summary, **fields)
    settled_quietly(database, pair)
    return original, only_issue(pair.right, "RGT")


def test_people_are_found_by_email_table_or_name_and_the_rest_get_the_fallback(pair, database):
    lp, rp = pair.left_people, pair.right_people
    description = mention_document("Ask ", lp["bob"].account_id, "Bob Baker", " or @Zed")
    description["content"][0]["content"].insert(2, {"type": "text", "text": " and "})
    description["content"][0]["content"].insert(3, {"type": "mention", "attrs": {
        "id": lp["zed"].account_id, "text": "@Zed Zero", "accessLevel": ""}})
    pair.left.create_issue("LFT", "Task", "Printer", description=description, assignee=lp["ann"].account_id,
                           **{pair.reviewer: lp["carl"].account_id})
    settled_quietly(database, pair)

    twin = only_issue(pair.right, "RGT")
    assert account(twin["fields"]["assignee"]) == rp["ann"].account_id  # by e-mail
    assert account(twin["fields"][pair.reviewer]) == rp["carl"].account_id  # by the one display name
    assert mentions_and_text(twin["fields"]["description"]) == [
        "Ask ", rp["robert"].account_id, " and ", "@Zed Zero", " or @Zed"]  # by the table; Zed is not here
    assert account(twin["fields"]["reporter"]) == rp["queue"].account_id  # left's admin is unknown here

    pair.left.update_issue("LFT-1", assignee=lp["zed"].account_id)
    settled_quietly(database, pair)
    assert account(only_issue(pair.right, "RGT")["fields"]["assignee"]) == rp["queue"].account_id  # the fallback
    assert len(pair.right.issues("RGT")) == 1 and len(pair.left.issues("LFT")) == 1


def test_an_assignee_change_travels_both_ways_once(pair, database):
    lp, rp = pair.left_people, pair.right_people
    original, twin = copied(database, pair, "Both ways", assignee=lp["bob"].account_id)
    assert account(twin["fields"]["assignee"]) == rp["robert"].account_id

    before = len(edits_of(pair.left, original["id"]))
    pair.right.update_issue(twin["key"], assignee=rp["ann"].account_id)
    settled_quietly(database, pair)
    assert account(pair.left.issue(original["key"])["fields"]["assignee"]) == lp["ann"].account_id  # by e-mail
    assert len(edits_of(pair.left, original["id"])) == before + 1
    renamed_only(database, pair, original, twin, "Both ways, first rename")  # Ann is not sent back to right

    before = len(edits_of(pair.left, original["id"]))
    pair.right.update_issue(twin["key"], assignee=rp["queue"].account_id)  # left cannot find the queue: unassigned
    settled_quietly(database, pair)
    assert pair.left.issue(original["key"])["fields"]["assignee"] is None
    assert len(edits_of(pair.left, original["id"])) == before + 1
    renamed_only(database, pair, original, twin, "Both ways, renamed")  # nor is the unassigned value


def test_a_multi_user_picker_is_mapped_person_by_person_both_ways_once(pair, database):
    lp, rp = pair.left_people, pair.right_people
    original, twin = copied(database, pair, "Approvals", **{pair.approvers: [lp["bob"].account_id,
                                                                           lp["zed"].account_id]})
    # Bob by right's table; Zed is not on the right: its fallback, the support queue, takes his place.
    assert accounts(twin["fields"][pair.approvers]) == [rp["robert"].account_id, rp["queue"].account_id]
    assert edits_of(pair.left, original["id"]) == []  # the list is not carried back to the left

    pair.right.update_issue(twin["key"], **{pair.approvers: [rp["carl"].account_id, rp["ann"].account_id]})
    settled_quietly(database, pair)
    # Left finds Ann by e-mail, not Carl (his profile hides it and left does not match by name): left's fallback
    # (unassigned) leaves him out of the list.
    assert accounts(pair.left.issue(original["key"])["fields"][pair.approvers]) == [lp["ann"].account_id]
    assert len(edits_of(pair.left, original["id"])) == 1
    renamed_only(database, pair, original, twin, "Approvals, renamed")  # left's list is not sent back
    assert accounts(only_issue(pair.right, "RGT")["fields"][pair.approvers]) == [
        rp["carl"].account_id, rp["ann"].account_id]
    assert len(pair.right.issues("RGT")) == 1 and len(pair.left.issues("LFT")) == 1


def accounts(user_fields) -> list[str]:
    return [user["accountId"] for user in user_fields or []]


def renamed_only(database, pair: Pair, original: dict, twin: dict, summary: str) -> None:
    """Renaming the original edits the twin's summary alone: the assignee the twin gave it is not sent back."""
    right_edits = len(edits_of(pair.right, twin["id"]))
    pair.left.update_issue(original["key"], summary=summary)
    settled_quietly(database, pair)
    [edit] = edits_of(pair.right, twin["id"])[right_edits:]
    assert edit.body == {"fields": {"summary": summary}}


def test_mentions_in_comments_follow_the_map(pair, database):
    lp, rp = pair.left_people, pair.right_people
    pair.left.create_issue("LFT", "Task", "Comments")
    settle(database, pair.sites)
    pair.left.add_comment("LFT-1", mention_document("Thanks ", lp["ann"].account_id, "Ann Archer", "!"))
    settled_quietly(database, pair)

    twin = only_issue(pair.right, "RGT")
    [copy] = pair.right.comments(twin["key"])
    written = copy["body"]["content"][-1]["content"]
    assert [node.get("attrs", {}).get("id") for node in written if node["type"] == "mention"] == [
        rp["ann"].account_id]
    assert [node["attrs"]["text"] for node in written if node["type"] == "mention"] == ["@Ann A. Archer"]
    assert text_of(copy["body"]).endswith("Thanks !")


def test_a_request_is_raised_on_behalf_of_the_customers_portal_account(stack, make_site, database):
    sites = scenarios.power_customer_sites(stack.base_url, make_site)
    carla = sites.customer.add_user("Carla Customer", email="carla@customer.example")
    portal_carla = sites.support.add_customer("SUP", "Carla C.", "carla@customer.example")
    requester = Admin(stack.base_url, sites.customer, sites.customer.admin.account_id, sites.customer_project)
    redeemer = Admin(stack.base_url, sites.support, sites.support.admin.account_id, sites.support_project)
    connection_id = connect_across_sites(requester, redeemer, "power_customer")
    carry_people(requester, connection_id, ["reporter"], {})
    carry_people(redeemer, connection_id, ["reporter"], {"raise_on_behalf": True})
    requester.publish_and_start(connection_id, redeemer)

    sites.customer.create_issue("CUS", "Task", "VPN down", user=carla)
    sites.customer.create_issue("CUS", "Task", "Raised by the admin")  # no portal account: Tandem's user reports
    settle(database, sites.sites)

    reporters = {issue["fields"]["summary"]: account(issue["fields"]["reporter"])
                 for issue in sites.support.issues("SUP")}
    assert reporters == {"VPN down": portal_carla.account_id, "Raised by the admin": sites.support.app_user.account_id}


def test_within_one_site_people_are_the_same_accounts_and_never_searched(stack, make_site, database):
    site = make_site("solo")
    scenarios.install(stack.base_url, site)
    one, two = site.add_project("ONE", "One"), site.add_project("TWO", "Two")
    dana = site.add_user("Dana Doe", email="dana@example.com", email_visible=False)
    requester, acceptor = (Admin(stack.base_url, site, site.admin.account_id, project) for project in (one, two))
    connection_id = connect_within_site(requester, two, "basic")
    for admin in (requester, acceptor):
        carry_people(admin, connection_id, ["assignee"], {"match_by_email": False, "match_by_display_name": False})
    requester.publish_and_start(connection_id, acceptor)

    site.create_issue("ONE", "Task", "Same people", assignee=dana.account_id,
                      description=mention_document("Over to ", dana.account_id, "Dana Doe"))
    settle(database, [site])

    [twin] = site.issues("TWO")
    assert account(twin["fields"]["assignee"]) == dana.account_id
    assert mentions_and_text(twin["fields"]["description"]) == ["Over to ", dana.account_id]
    assert [call.path for call in site.requests if "/user" in call.path] == []
