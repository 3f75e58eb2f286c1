"""Sub-tasks and create screens (issue 13, item 9): a sub-task is created under its parent's twin (the parent carried
first when it has no twin yet), and a field the target's create screen does not offer is set by an edit after the
create, or left out with a note in the history, never failing the whole issue.

Checked failing against 9ae118b: the sub-task's create was refused (no parent) and the create with a field off the
create screen was refused (400), both failed for good.
"""
from __future__ import annotations

import pytest

from tests.support import scenarios
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.settle import failed_events, settle

TYPES = ("Task", "Sub-task")


@pytest.fixture
def pair(stack, make_site, database):
    """Sites left and right, projects LFT and RGT with sub-tasks, and their admins; not connected yet."""
    left, right = make_site("left"), make_site("right")
    scenarios.install(stack.base_url, left, right)
    projects = left.add_project("LFT", "Left", issue_types=TYPES), right.add_project("RGT", "Right", issue_types=TYPES)
    admins = Admin(stack.base_url, left, left.admin.account_id, projects[0]), \
        Admin(stack.base_url, right, right.admin.account_id, projects[1])
    return left, right, admins


def connect(admins) -> int:
    connection_id = connect_across_sites(*admins, "basic")
    admins[0].publish_and_start(connection_id, admins[1])
    return connection_id


def by_summary(site, key, summary):
    [found] = [issue for issue in site.issues(key) if issue["fields"]["summary"] == summary]
    return site.issue(found["key"])


def test_a_sub_task_is_created_under_its_parents_twin(pair, database):
    left, right, admins = pair
    connect(admins)
    parent = left.create_issue("LFT", "Task", "Parent")
    left.create_issue("LFT", "Sub-task", "Child", parent=parent["key"])
    settle(database, [left, right])

    twin_parent, twin_child = by_summary(right, "RGT", "Parent"), by_summary(right, "RGT", "Child")
    assert twin_child["fields"]["issuetype"]["name"] == "Sub-task"
    assert twin_child["fields"]["parent"]["key"] == twin_parent["key"]
    assert failed_events(database, [left, right]) == []


def test_a_sub_task_whose_parent_has_no_twin_yet_brings_its_parent_first(pair, database):
    left, right, admins = pair
    parent = left.create_issue("LFT", "Task", "Older parent")
    child = left.create_issue("LFT", "Sub-task", "Older child", parent=parent["key"])
    connect(admins)
    left.update_issue(child["key"], summary="Older child, edited")
    settle(database, [left, right])

    twin_parent = by_summary(right, "RGT", "Older parent")
    assert by_summary(right, "RGT", "Older child, edited")["fields"]["parent"]["key"] == twin_parent["key"]
    assert failed_events(database, [left, right]) == []


def test_a_sub_task_whose_parent_is_out_of_scope_is_skipped_with_a_note(pair, database):
    left, right, admins = pair
    connection_id = connect(admins)
    draft = admins[0].call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]
    draft["outgoing"]["issue_types"] = ["Sub-task"]
    admins[0].call("PUT", f"/api/connections/{connection_id}/half", json=draft, expect=200)
    admins[0].call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    parent = left.create_issue("LFT", "Task", "Not sent")
    left.create_issue("LFT", "Sub-task", "Orphan", parent=parent["key"])
    settle(database, [left, right])

    assert right.issues("RGT") == []
    assert failed_events(database, [left, right]) == []
    history = admins[0].call("GET", f"/api/connections/{connection_id}/history", expect=200).json()["history"]
    assert any("not created: its parent is not synced to" in (entry["detail"] or "") for entry in history)


def test_a_field_off_the_create_screen_is_set_by_an_edit_after_the_create(pair, database):
    left, right, admins = pair
    right.remove_from_create_screen("RGT", "labels")
    connect(admins)
    left.create_issue("LFT", "Task", "Labelled", labels=["urgent"])
    settle(database, [left, right])

    assert by_summary(right, "RGT", "Labelled")["fields"]["labels"] == ["urgent"]
    assert failed_events(database, [left, right]) == []
