"""Mirroring between two JSM projects, and Basic across two sites and within one site."""
from __future__ import annotations

import pytest

from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.settings_client import Admin, connect_across_sites, connect_within_site
from tests.support.settle import settle


def installed(stack, make_site, *names):
    sites = [make_site(name) for name in names]
    for site in sites:
        assert site.install(stack.base_url + "/atlassian-connect.json").status_code == 204
    return sites


def admin(stack, site, project):
    return Admin(stack.base_url, site, site.admin.account_id, project)


def only(issues, summary):
    matching = [issue for issue in issues if issue["fields"]["summary"] == summary]
    assert len(matching) == 1, f"expected one {summary!r}, found {len(matching)}"
    return matching[0]


@pytest.fixture
def mirroring(stack, make_site):
    east, west = installed(stack, make_site, "east", "west")
    east_desk = east.add_project("EDS", "East desk", type="service_desk")
    west_desk = west.add_project("WDS", "West desk", type="service_desk")
    requester, redeemer = admin(stack, east, east_desk), admin(stack, west, west_desk)
    connection_id = connect_across_sites(requester, redeemer, "mirroring")
    requester.publish_and_start(connection_id, redeemer)
    return east, west


def test_mirroring_creates_on_either_side_and_keeps_comment_visibility(mirroring, database):
    east, west = mirroring
    from_east = east.create_issue("EDS", "IT Help", "Laptop broken")
    from_west = west.create_issue("WDS", "Purchase", "New monitor")
    settle(database, mirroring)
    east_twin, west_twin = only(east.issues("EDS"), "New monitor"), only(west.issues("WDS"), "Laptop broken")
    assert west_twin["fields"]["issuetype"]["name"] == "IT Help"
    assert west.request_type_of(west_twin["key"]) == west.request_type_id("WDS", "Get IT Help")
    assert east.request_type_of(east_twin["key"]) == east.request_type_id("EDS", "Purchase request")

    east.add_comment(from_east["key"], "Public from east")
    east.add_comment(from_east["key"], "Internal from east", internal=True)
    west.add_comment(from_west["key"], "Public from west")
    west.add_comment(from_west["key"], "Internal from west", internal=True)
    settle(database, mirroring)
    for site, key in ((west, west_twin["key"]), (east, east_twin["key"])):
        comments = site.comments(key)
        assert sorted(c["jsdPublic"] for c in comments) == [False, True]
        assert all(c["jsdPublic"] == ("Public from" in text_of(c["body"])) for c in comments)


@pytest.fixture
def basic_across(stack, make_site):
    return scenarios.basic_pair(stack.base_url, make_site)


def test_basic_across_sites_both_directions(basic_across, database):
    left, right = basic_across
    left.create_issue("LFT", "Bug", "Left bug", description="It crashes", labels=["crash"])
    right.create_issue("RGT", "Epic", "Right epic")
    settle(database, basic_across)
    bug = only(right.issues("RGT"), "Left bug")
    assert bug["fields"]["issuetype"]["name"] == "Bug"
    assert bug["fields"]["labels"] == ["crash"]
    assert text_of(bug["fields"]["description"]) == "It crashes"
    epic = only(left.issues("LFT"), "Right epic")
    assert epic["fields"]["issuetype"]["name"] == "Epic"


def test_a_hundred_rapid_edits_converge(basic_across, database):
    left, right = basic_across
    issue = left.create_issue("LFT", "Task", "Edit 0")
    for number in range(1, 101):
        left.update_issue(issue["key"], summary=f"Edit {number}", labels=[f"v{number}"])
    settle(database, basic_across)
    twin = only(right.issues("RGT"), "Edit 100")
    assert twin["fields"]["labels"] == ["v100"]
    assert len(right.issues("RGT")) == 1


def test_basic_within_one_site(stack, make_site, database):
    [site] = installed(stack, make_site, "solo")
    one, two = site.add_project("ONE", "One"), site.add_project("TWO", "Two")
    requester = admin(stack, site, one)
    connection_id = connect_within_site(requester, two, "basic")
    requester.publish_and_start(connection_id, admin(stack, site, two))
    site.create_issue("ONE", "Task", "From one")
    site.create_issue("TWO", "Story", "From two")
    settle(database, [site])
    assert only(site.issues("TWO"), "From one")["fields"]["issuetype"]["name"] == "Task"
    assert only(site.issues("ONE"), "From two")["fields"]["issuetype"]["name"] == "Story"
    assert len(site.issues("ONE")) == 2 and len(site.issues("TWO")) == 2
