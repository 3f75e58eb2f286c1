"""What a person meets when something is refused: the server's own words, in a flag and beside the control; and
the pages work from the keyboard alone."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, expect_flag


@pytest.fixture
def site_with_project(stack, make_site):
    site = make_site("solo")
    assert site.install(stack.base_url + "/atlassian-connect.json").status_code == 204
    return site, site.add_project("SOLO", "Solo", type="software")


def test_a_refused_invitation_code_shows_the_servers_message(site_with_project, stack, jira_host, page, screenshot):
    site, project = site_with_project
    code = "tandem1.bm90LWEtc2VydmVy.secret"
    token = site.context_jwt(site.admin.account_id, jira={"project": {"id": str(project["id"]), "key": "SOLO"}})
    expected = requests.post(stack.base_url + "/api/invitations/redeem", json={"code": code}, timeout=10,
                             headers={"Authorization": f"JWT {token}"}).json()["message"]

    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, project))
    app.get_by_role("button", name="Accept invitation").click()
    app.get_by_label("Invitation code").fill(code)
    app.get_by_role("button", name="Accept", exact=True).click()
    expect_flag(app, "Could not accept the invitation", expected)
    expect(app.get_by_role("dialog")).to_contain_text(expected)
    screenshot(page, "invitation-refused")


def test_the_settings_page_works_from_the_keyboard(site_with_project, jira_host, page, screenshot):
    site, project = site_with_project
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, project))
    expect(app.get_by_text("No synchronizations yet")).to_be_visible()
    new = app.get_by_role("button", name="New synchronization")
    for _ in range(10):  # Tab from the top of the page until the button has the focus
        page.keyboard.press("Tab")
        if new.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("New synchronization cannot be reached with Tab")
    page.keyboard.press("Enter")
    name = app.get_by_label("Name", exact=True)
    expect(name).to_be_focused()
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    expect(app.get_by_label("Scenario", exact=True)).to_be_focused()
    assert_usable(page)
    screenshot(page, "keyboard-new-synchronization")
    page.keyboard.press("Escape")
    expect(app.get_by_role("dialog")).to_have_count(0)


def test_the_glance_of_an_issue_outside_any_synchronization_says_so(site_with_project, jira_host, page, screenshot):
    site, project = site_with_project
    issue = site.create_issue("SOLO", "Task", "Not synced anywhere")
    app = app_frame(page)
    page.goto(jira_host.issue_glance(site, site.admin.account_id, project, issue))
    expect(app.get_by_text("Project SOLO is not synchronized by Tandem.")).to_be_visible()
    expect(app.get_by_role("button", name="Sync now")).to_be_disabled()
    assert_usable(page)
    screenshot(page, "glance-not-synced")


def test_the_glance_tells_someone_who_may_not_see_the_issue_why(site_with_project, stack, jira_host, page, screenshot):
    site, project = site_with_project
    issue = site.create_issue("SOLO", "Task", "Internal matter")
    customer = site.add_user("Carl Customer", account_type="customer")
    token = site.context_jwt(customer.account_id, jira={"issue": {"id": issue["id"]}})
    expected = requests.get(f"{stack.base_url}/api/issues/{issue['id']}/sync-status", timeout=10,
                            headers={"Authorization": f"JWT {token}"}).json()["message"]

    app = app_frame(page)
    page.goto(jira_host.issue_glance(site, customer.account_id, project, issue))
    failure = app.get_by_text("Could not load the sync status")
    expect(failure).to_be_visible()
    expect(app.locator("body")).to_contain_text(expected)
    app.get_by_role("button", name="Try again").click()
    expect(failure).to_be_visible()
    screenshot(page, "glance-refused")
