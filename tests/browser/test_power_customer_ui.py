"""Power Customer set up entirely in the browser, between two simulated sites, then seen working in the issue glance.

A: a customer's Jira Software project (CUS) invites B: first-level support's JSM project (SUP) on another site.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, choose, expect_flag, open_tab
from tests.support import scenarios
from tests.support.settle import failed_events, settle

CONFIGURATION_TABS = ("Issue types", "Fields", "Default values", "Comments", "People", "Attachments", "Scope")


@pytest.fixture
def two_sites(stack, make_site):
    sites = scenarios.power_customer_sites(stack.base_url, make_site)
    return sites.customer, sites.support, sites.customer_project, sites.support_project


def test_power_customer_set_up_in_the_ui_syncs_and_the_glance_shows_the_twin(two_sites, jira_host, page, screenshot,
                                                                            database):
    customer_site, support_site, customer, support = two_sites
    app = app_frame(page)

    # A invites another site.
    page.goto(jira_host.project_settings(customer_site, customer_site.admin.account_id, customer))
    expect(app.get_by_text("No synchronizations yet")).to_be_visible()
    assert_usable(page)
    screenshot(page, "customer-list-empty")
    app.get_by_role("button", name="New synchronization").click()
    app.get_by_label("Name", exact=True).fill("Customer support")
    choose(app, "Scenario", "Power Customer")
    app.get_by_label("With a project of another site").check()
    assert_usable(page)
    screenshot(page, "customer-new-synchronization")
    app.get_by_role("button", name="Create", exact=True).click()
    code_field = app.get_by_label("Invitation code")
    expect(code_field).to_have_value(re.compile(r"^tandem1\."))
    code = code_field.input_value()
    app.get_by_role("button", name="Copy").click()
    expect_flag(app, "Invitation code copied")
    screenshot(page, "customer-invitation-code")
    app.get_by_role("button", name="Done").click()
    expect(app.get_by_role("row").filter(has_text="Customer support")).to_contain_text("requested")

    # B pastes the code under its own project, configures its half and publishes it.
    page.goto(jira_host.project_settings(support_site, support_site.admin.account_id, support))
    app.get_by_role("button", name="Accept invitation").click()
    app.get_by_label("Invitation code").fill(code)
    screenshot(page, "support-accept-invitation")
    app.get_by_role("button", name="Accept", exact=True).click()
    expect_flag(app, "SUP joined Customer support")
    expect(app.get_by_role("heading", name="Customer support", exact=True)).to_be_visible()
    for tab in CONFIGURATION_TABS:
        open_tab(app, tab)
        assert_usable(page)
        screenshot(page, f"support-tab-{tab.lower().replace(' ', '-')}")
        if tab == "Default values":
            expect(app.get_by_role("tabpanel")).to_contain_text("Get IT Help")
        if tab == "Issue types":
            expect(app.get_by_role("tabpanel")).to_contain_text("New issues CUS → SUP: created")
    app.get_by_role("button", name="Publish draft").click()
    expect_flag(app, "Draft published")
    expect(app.get_by_text(re.compile(r"version 1 published"))).to_be_visible()

    # A publishes its half and starts the synchronization.
    page.goto(jira_host.project_settings(customer_site, customer_site.admin.account_id, customer))
    app.get_by_role("button", name="Open Customer support").click()
    expect(app.get_by_text("project CUS on", exact=False)).to_be_visible()  # the start blocker: CUS has not published
    app.get_by_role("button", name="Publish draft").click()
    expect(app.get_by_text(re.compile(r"version 1 published"))).to_be_visible()
    app.get_by_role("button", name="Start").click()
    expect_flag(app, "Customer support started")
    expect(app.get_by_role("button", name="Pause")).to_be_visible()  # offered only while it runs
    screenshot(page, "customer-started")

    # An issue and a comment made in A arrive in B; B's issue view shows where its twin is.
    carla = customer_site.add_user("Carla Customer")
    issue = customer_site.create_issue("CUS", "Task", "Printer on fire", description="It smokes", user=carla)
    customer_site.add_comment(issue["key"], "Any news?", user=carla)
    settle(database, [customer_site, support_site])
    [twin] = support_site.issues("SUP")
    page.goto(jira_host.issue_glance(support_site, support_site.admin.account_id, support, twin))
    link = app.get_by_role("link", name=issue["key"])
    expect(link).to_have_attribute("href", f"{customer_site.base_url}/browse/{issue['key']}")
    expect(app.locator("main")).to_contain_text("Added comment")
    assert_usable(page)
    screenshot(page, "support-issue-glance")
    app.get_by_role("button", name="Sync now").click()
    expect(app.locator("main")).to_contain_text("Sync requested")
    settle(database, [customer_site, support_site])
    screenshot(page, "support-issue-glance-synced-now")

    # Back in A's list: the counters tell the same story.
    page.goto(jira_host.project_settings(customer_site, customer_site.admin.account_id, customer))
    row = app.get_by_role("row").filter(has_text="Customer support")
    expect(row).to_contain_text("active")
    expect(row).to_contain_text("SUP on")
    screenshot(page, "customer-list-active")
    assert failed_events(database, [customer_site, support_site]) == []
