"""A synchronization within one site, in the browser: the requester picks the other project, whose admin (someone
else) finds the request waiting and accepts it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, choose, expect_flag


def test_a_request_within_the_site_waits_for_the_other_projects_admin(stack, make_site, jira_host, page, screenshot):
    site = make_site("alpha")
    assert site.install(stack.base_url + "/atlassian-connect.json").status_code == 204
    ann, sam = site.add_user("Ann Software"), site.add_user("Sam Support")
    software = site.add_project("SOFT", "Software", type="software", admins=[ann])
    desk = site.add_project("DESK", "Service desk", type="service_desk", admins=[sam])
    app = app_frame(page)

    page.goto(jira_host.project_settings(site, ann.account_id, software))
    app.get_by_role("button", name="New synchronization").click()
    app.get_by_label("Name", exact=True).fill("Escalations")
    choose(app, "Project", "Service desk (DESK)", typed="DESK")
    screenshot(page, "ann-picks-the-project")
    app.get_by_role("button", name="Create", exact=True).click()
    expect_flag(app, "Request sent", "An administrator of Service desk (DESK) must accept it.")
    row = app.get_by_role("row").filter(has_text="Escalations")
    expect(row).to_contain_text("requested")
    expect(row).to_contain_text("DESK on this site")

    page.goto(jira_host.project_settings(site, sam.account_id, desk))
    expect(app.get_by_text("Requests waiting for you")).to_be_visible()
    assert_usable(page)
    screenshot(page, "sam-sees-the-request")
    app.get_by_role("button", name="Accept Escalations").click()
    expect_flag(app, "Accepted Escalations")
    expect(app.get_by_role("heading", name="Escalations", exact=True)).to_be_visible()
    expect(app.get_by_role("button", name="Publish draft")).to_be_enabled()
    screenshot(page, "sam-configures")
