"""Mirroring through the Forge door: two JSM projects on sites that installed the Forge app, and on a Forge site
and a Connect site, with the Connect scenario's assertions (types, request types, public/internal comments, edits
and deletions both ways, no echo, no duplicate)."""
from __future__ import annotations

import pytest

from tests.e2e.test_forge_power_customer import text_of
from tests.support import forge_scenarios
from tests.support.settle import write_counts


def only(issues, summary):
    matching = [issue for issue in issues if issue["fields"]["summary"] == summary]
    assert len(matching) == 1, f"expected one {summary!r}, found {len(matching)}"
    return matching[0]


@pytest.fixture(params=["forge-forge", "forge-connect"])
def mirroring(request, forge_stack, forge, make_site, database):
    """East installed the Forge app; west the Forge app too, or only Connect."""
    east, west = make_site("east"), make_site("west")
    forge_scenarios.install_doors(forge, forge_stack.base_url, east, west, request.param)
    east_desk = east.add_project("EDS", "East desk", type="service_desk")
    west_desk = west.add_project("WDS", "West desk", type="service_desk")
    forge_scenarios.connect_and_start(forge_stack.base_url, forge, east, east_desk, west, west_desk, "mirroring")
    yield east, west
    forge_scenarios.finish(database, forge, [east, west])


def test_mirroring_through_forge_creates_edits_and_deletes_both_ways(mirroring, forge, database):
    east, west = mirroring
    sites = [east, west]
    from_east = east.create_issue("EDS", "IT Help", "Laptop broken")
    from_west = west.create_issue("WDS", "Purchase", "New monitor")
    forge_scenarios.settle_forge(database, forge, sites)
    east_twin, west_twin = only(east.issues("EDS"), "New monitor"), only(west.issues("WDS"), "Laptop broken")
    assert west_twin["fields"]["issuetype"]["name"] == "IT Help"
    assert west.request_type_of(west_twin["key"]) == west.request_type_id("WDS", "Get IT Help")
    assert east.request_type_of(east_twin["key"]) == east.request_type_id("EDS", "Purchase request")

    east.add_comment(from_east["key"], "Public from east")
    east.add_comment(from_east["key"], "Internal from east", internal=True)
    edited = west.add_comment(from_west["key"], "Public from west")
    west.add_comment(from_west["key"], "Internal from west", internal=True)
    forge_scenarios.settle_forge(database, forge, sites)
    for site, key in ((west, west_twin["key"]), (east, east_twin["key"])):
        comments = site.comments(key)
        assert sorted(c["jsdPublic"] for c in comments) == [False, True]
        assert all(c["jsdPublic"] == ("Public from" in text_of(c["body"])) for c in comments)

    before = write_counts(sites)
    west.edit_comment(from_west["key"], edited["id"], "Public from west, edited")
    east.update_issue(from_east["key"], summary="Laptop broken twice")
    forge_scenarios.settle_forge(database, forge, sites)
    texts = [text_of(c["body"]) for c in east.comments(east_twin["key"])]
    assert len(texts) == 2 and sum("edited" in text for text in texts) == 1, "the edit updated the copy"
    assert only(west.issues("WDS"), "Laptop broken twice")
    after = write_counts(sites)
    assert after[0] - before[0] == 1 and after[1] - before[1] == 1, "one write per change, nothing echoed back"

    west.delete_comment(from_west["key"], edited["id"])
    forge_scenarios.settle_forge(database, forge, sites)
    assert not any("edited" in text_of(c["body"]) for c in east.comments(east_twin["key"]))
    assert len(east.issues("EDS")) == 2 and len(west.issues("WDS")) == 2, "no duplicate"
