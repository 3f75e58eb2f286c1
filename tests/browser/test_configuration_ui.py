"""Editing this side's half in the configuration screen: a value map saved as a draft, and a save the site fails
shown with the server's words."""
from __future__ import annotations

import requests
from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, choose, expect_flag, open_tab
from tests.support.settings_client import Admin


def test_a_value_map_is_saved_in_the_draft(basic_connection, jira_host, page, screenshot):
    site, software, admin, connection_id = basic_connection
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "Fields")
    app.get_by_role("button", name="Value map of Labels").first.click()
    editor = app.get_by_role("region", name="Values of Labels")
    editor.get_by_role("button", name="Add value").click()
    editor.get_by_label("Value in DESK, row 1").fill("urgent")
    editor.get_by_label("Value in SOFT, row 1").fill("priority-1")
    editor.get_by_label("Set a default value").check()
    editor.get_by_label("Default value in SOFT").fill("triage")
    assert_usable(page)
    screenshot(page, "value-map")
    editor.get_by_role("button", name="Apply").click()
    expect(app.get_by_text("unsaved changes")).to_be_visible()
    app.get_by_role("button", name="Save draft").click()
    expect_flag(app, "Draft saved")

    saved = admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]
    assert saved["incoming"]["value_maps"]["labels"] == {
        "values": {"urgent": "priority-1"}, "if_no_match": "default", "default": "triage"}
    expect(app.get_by_role("button", name="Value map of Labels").first).to_have_text("Value map (1)")


def test_a_save_the_site_fails_shows_the_servers_message(basic_connection, stack, jira_host, page, screenshot):
    site, software, admin, connection_id = basic_connection
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "Attachments")
    attachments = app.get_by_label("Send attachments of SOFT to DESK")
    attachments.focus()
    page.keyboard.press("Space")  # as with the keyboard: the switch's picture covers its input from the mouse
    expect(attachments).not_to_be_checked()
    expected = _message_of_a_save_while_down(stack, site, admin, connection_id)
    site.faults.down = True
    try:
        app.get_by_role("button", name="Save draft").click()
        # The site stays down until the page has shown the failure: the click returns before the save reaches it.
        expect_flag(app, "Could not save the draft", expected)
    finally:
        site.faults.down = False
    expect(app.get_by_text("The draft was not accepted")).to_be_visible()
    expect(app.get_by_text("unsaved changes")).to_be_visible()  # nothing was lost
    screenshot(page, "save-failed")
    attachments.focus()
    page.keyboard.press("Space")  # an edit: what was refused is no longer what is shown
    expect(app.get_by_text("The draft was not accepted")).to_be_hidden()


def _message_of_a_save_while_down(stack, site, admin, connection_id) -> str:
    """What the API itself answers when the site is down, for comparison with what the page shows."""
    draft = admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]
    site.faults.down = True
    try:
        token = site.context_jwt(admin.account_id, jira={"project": {"id": str(admin.project["id"]), "key": "SOFT"}})
        answer = requests.put(f"{stack.base_url}/api/connections/{connection_id}/half", json=draft, timeout=10,
                              headers={"Authorization": f"JWT {token}"})
    finally:
        site.faults.down = False
    assert answer.status_code >= 500
    return answer.json()["message"]


def test_deleted_issues_sub_tasks_and_restricted_comments_are_chosen_and_saved(basic_connection, jira_host, page,
                                                                                screenshot):
    site, software, admin, connection_id = basic_connection
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "Issue types")
    choose(app, "A sub-task of DESK whose parent is not synced to SOFT", "Is created on its own, as the issue type chosen above")
    choose(app, "When a synced issue of SOFT is deleted", "It is created again at the next change of its issue in DESK")
    assert_usable(page)
    screenshot(page, "issue-types-deleted-and-sub-tasks")
    open_tab(app, "Comments")
    app.get_by_label("Send restricted comments of SOFT to DESK").check(force=True)  # Atlaskit draws over the input
    choose(app, "A restricted comment of DESK arrives in SOFT as", "Standard (Jira Software) comment")
    assert_usable(page)
    screenshot(page, "comments-restricted")
    app.get_by_role("button", name="Save draft").click()
    expect_flag(app, "Draft saved")

    saved = admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]
    assert saved["incoming"]["subtasks_without_parent"] == "fallback"
    assert saved["incoming"]["when_twin_deleted"] == "recreate"
    assert "restricted" in saved["outgoing"]["comments"]
    assert saved["incoming"]["comments"]["visibility"]["restricted"] == "standard"


def test_the_other_sides_switches_say_yes_or_no_in_words(basic_connection, jira_host, page, screenshot):
    site, software, admin, connection_id = basic_connection
    desk = site.state.require_project("DESK")
    Admin(admin.app_url, site, site.admin.account_id, {"id": desk.id, "key": desk.key}).call(
        "POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "Comments")
    theirs = app.get_by_role("region", name="Other side: DESK", exact=False)
    writes = theirs.get_by_text("Write comments arriving from SOFT in DESK").locator("..")
    expect(writes).to_contain_text("Yes")
    sends_internal = theirs.get_by_text("Send internal comments of DESK to SOFT").locator("..")
    expect(sends_internal).to_contain_text("No")
    mine = app.get_by_role("region", name="This side: SOFT", exact=False)
    expect(mine.get_by_text("Yes", exact=True)).to_have_count(0)  # switches that can be flipped say it themselves
    assert_usable(page)
    screenshot(page, "other-side-read-only")
