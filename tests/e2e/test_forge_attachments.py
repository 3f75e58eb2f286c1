"""Attachments through the Forge door (Forge to Forge, and Forge to Connect) under Basic, which sends them both ways:
the issue update Forge sends with a new file carries it across once and nothing comes back; nothing below the door
knows which door it came through."""
from __future__ import annotations

import pytest

from tests.e2e.test_forge_mirroring import only
from tests.support import forge_scenarios
from tests.support.settle import write_counts


@pytest.fixture(params=["forge-forge", "forge-connect"])
def basic(request, forge_stack, forge, make_site, database):
    """East installed the Forge app; west the Forge app too, or only Connect."""
    east, west = make_site("east"), make_site("west")
    forge_scenarios.install_doors(forge, forge_stack.base_url, east, west, request.param)
    forge_scenarios.connect_and_start(forge_stack.base_url, forge, east, east.add_project("EST", "East"), west,
                                      west.add_project("WST", "West"), "basic")
    yield east, west
    forge_scenarios.finish(database, forge, [east, west])


def test_a_file_crosses_through_forge_once(basic, forge, database):
    east, west = basic
    sites = [east, west]
    original = east.create_issue("EST", "Task", "Screen flickers")
    forge_scenarios.settle_forge(database, forge, sites)
    twin = only(west.issues("WST"), "Screen flickers")

    east.attach_file(original["key"], "flicker.mp4", b"\x00\x00\x00\x18ftypmp42", mime_type="video/mp4")
    forge_scenarios.settle_forge(database, forge, sites)
    counts = write_counts(sites)
    forge_scenarios.settle_forge(database, forge, sites, quiet=1.5)

    [copy] = west.attachments(twin["key"])
    assert (copy["filename"], west.attachment_content(copy["id"])) == ("flicker.mp4", b"\x00\x00\x00\x18ftypmp42")
    assert len(east.attachments(original["key"])) == 1  # nothing came back
    assert write_counts(sites) == counts
