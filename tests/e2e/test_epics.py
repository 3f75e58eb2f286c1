"""Epics and their children keep their parent link across a pair when both are in scope (issue 17, item 6): a child
is created under its epic's twin (the epic carried first when it has none yet), a child moved to another epic is
moved on its twin, either way, and nothing comes back. Jira Cloud names the epic in the ``parent`` field in company-
and team-managed projects alike, since the Epic Link field was retired."""
from __future__ import annotations

from tests.e2e.test_subtasks_and_screens import by_summary
from tests.support import scenarios
from tests.support.settle import failed_events, settle, write_counts


def settled_quietly(database, sites) -> tuple[int, ...]:
    settle(database, sites)
    counts = write_counts(sites)
    settle(database, sites, quiet=1.5)
    assert write_counts(sites) == counts and failed_events(database, sites) == []
    return counts


def parent_key(site, project_key: str, summary: str) -> str | None:
    parent = by_summary(site, project_key, summary)["fields"].get("parent")
    return parent["key"] if parent else None


def edits(site) -> list:
    return [call for call in site.writes() if call.method == "PUT"]


def test_children_keep_their_epic_across_sites_and_moves_follow_both_ways(stack, make_site, database):
    left, right = scenarios.basic_pair(stack.base_url, make_site)
    sites = [left, right]
    roadmap = left.create_issue("LFT", "Epic", "Roadmap")
    left.create_issue("LFT", "Story", "Login page", parent=roadmap["key"])
    billing = left.create_issue("LFT", "Epic", "Billing")
    left.create_issue("LFT", "Story", "Invoices", parent=billing["key"])  # possibly carried before its epic
    left.create_issue("LFT", "Task", "No epic")
    settled_quietly(database, sites)

    assert len(right.issues("RGT")) == 5
    assert parent_key(right, "RGT", "Login page") == by_summary(right, "RGT", "Roadmap")["key"]
    assert parent_key(right, "RGT", "Invoices") == by_summary(right, "RGT", "Billing")["key"]
    assert parent_key(right, "RGT", "No epic") is None

    left_edits, right_edits = len(edits(left)), len(edits(right))
    left.update_issue(by_summary(left, "LFT", "Login page")["key"], parent={"key": billing["key"]})
    settled_quietly(database, sites)
    assert parent_key(right, "RGT", "Login page") == by_summary(right, "RGT", "Billing")["key"]
    assert (len(edits(left)), len(edits(right))) == (left_edits, right_edits + 1)  # one move, nothing back

    right.update_issue(by_summary(right, "RGT", "Login page")["key"],
                       parent={"key": by_summary(right, "RGT", "Roadmap")["key"]})
    settled_quietly(database, sites)
    assert parent_key(left, "LFT", "Login page") == roadmap["key"]
    assert (len(edits(left)), len(edits(right))) == (left_edits + 1, right_edits + 1)
    assert len(left.issues("LFT")) == len(right.issues("RGT")) == 5
