"""The Forge app's pages in the browser: a synchronization set up in its project settings page, then seen working in
its issue glance. The page is the Forge app's Custom UI as built (descriptors/forge/static/ui), under the Content
Security Policy its manifest allows, with the real @forge/bridge calling the stub of what Forge injects: each
invokeRemote reaches the app with a FIT the simulated Forge platform signed (tests/forgesim/custom_ui.py)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.ui import app_frame, choose, expect_flag
from tests.support import forge_scenarios


@pytest.fixture
def forge_site(stack, forge, make_site, database):
    """A site that installed the Forge app (and never Connect), with two software projects its admin administers."""
    site = make_site("forged")
    [installation] = forge_scenarios.install_forge(forge, stack.base_url, site)
    software = site.add_project("SOFT", "Software", type="software")
    team = site.add_project("TEAM", "Team", type="software")
    yield site, installation, software, team
    forge_scenarios.settle_forge(database, forge, [site])
    if forge.installation_in(site) is not None:
        forge.uninstall(site)


def test_a_synchronization_set_up_in_the_forge_settings_page_syncs_and_the_glance_shows_the_twin(
        forge_site, forge, jira_host, page, audit, database):
    site, installation, software, team = forge_site
    admin = site.admin.account_id
    app = app_frame(page)

    page.goto(jira_host.forge_project_settings(installation, admin, software))
    expect(app.get_by_text("No synchronizations yet")).to_be_visible()
    audit.check("forge-list-empty")
    app.get_by_role("button", name="New synchronization").click()
    app.get_by_label("Name", exact=True).fill("Team mirror")
    choose(app, "Project", "Team (TEAM)", typed="TEAM")
    audit.check("forge-new-synchronization")
    app.get_by_role("button", name="Create", exact=True).click()
    expect_flag(app, "Connected with Team (TEAM)")  # the admin administers both projects: accepted at once
    expect(app.get_by_role("heading", name="Team mirror", exact=True)).to_be_visible()
    app.get_by_role("button", name="Publish draft").click()
    expect_flag(app, "Draft published")
    audit.check("forge-software-published")

    page.goto(jira_host.forge_project_settings(installation, admin, team))
    app.get_by_role("button", name="Open Team mirror").click()
    app.get_by_role("button", name="Publish draft").click()
    expect_flag(app, "Draft published")

    page.goto(jira_host.forge_project_settings(installation, admin, software))
    app.get_by_role("button", name="Open Team mirror").click()
    app.get_by_role("button", name="Start").click()
    expect_flag(app, "Team mirror started")
    expect(app.get_by_role("button", name="Pause")).to_be_visible()
    audit.check("forge-started")

    # An issue made in SOFT reaches TEAM through Forge's events; its glance says where the twin is.
    issue = site.create_issue("SOFT", "Task", "Printer on fire", description="It smokes")
    forge_scenarios.settle_forge(database, forge, [site])
    [twin] = site.issues("TEAM")
    page.goto(jira_host.forge_issue_glance(installation, admin, software, issue))
    expect(app.get_by_role("link", name=twin["key"])).to_have_attribute("href", f"{site.base_url}/browse/{twin['key']}")
    expect(app.locator("main")).to_contain_text("Team mirror")
    audit.check("forge-issue-glance")
    app.get_by_role("button", name="Sync now").click()
    expect(app.locator("main")).to_contain_text("Sync requested")

    audit.assert_clean()
    assert jira_host.blocked == [], "the Custom UI did something its Content Security Policy forbids"


def test_a_page_whose_invocations_the_app_refuses_says_so(forge_site, forge, jira_host, page, screenshot):
    """After the app was uninstalled, Tandem refuses the installation's invocation tokens (401), and Forge rejects
    the page's invokeRemote with its own message, which the page shows."""
    site, installation, software, _ = forge_site
    forge.uninstall(site)
    app = app_frame(page)
    page.goto(jira_host.forge_project_settings(installation, site.admin.account_id, software))
    expect(app.get_by_text("Remote could not verify the Forge Invocation Token")).to_be_visible()
    screenshot(page, "forge-refused")
