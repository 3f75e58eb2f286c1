"""A paused synchronization tells what it has not carried across yet, and Resume catches up on it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, expect_flag
from tests.support.settle import settle


def test_a_paused_connection_shows_what_it_missed_and_resume_catches_up(power_customer, jira_host, page,
                                                                          screenshot, database):
    pc = power_customer
    app = app_frame(page)
    page.goto(jira_host.project_settings(pc.customer, pc.customer.admin.account_id, pc.customer_project))
    app.get_by_role("button", name="Open power_customer sync").click()
    app.get_by_role("button", name="Pause").click()
    expect_flag(app, "power_customer sync paused")
    expect(app.get_by_text("Changes waiting")).not_to_be_visible()  # nothing missed yet

    pc.customer.create_issue("CUS", "Task", "Raised during the pause")
    settle(database, pc.sites)
    assert pc.support.issues("SUP") == []
    page.reload()
    app.get_by_role("button", name="Open power_customer sync").click()
    expect(app.get_by_text("Changes waiting")).to_be_visible()
    expect(app.get_by_text("have not been carried across. Resume the synchronization")).to_be_visible()
    assert_usable(page)
    screenshot(page, "paused-changes-waiting")

    app.get_by_role("button", name="Resume").click()
    expect_flag(app, "power_customer sync resumed")
    settle(database, pc.sites)
    assert [issue["fields"]["summary"] for issue in pc.support.issues("SUP")] == ["Raised during the pause"]
    page.reload()
    app.get_by_role("button", name="Open power_customer sync").click()
    expect(app.get_by_role("button", name="Pause")).to_be_visible()
    expect(app.get_by_text("Changes waiting")).to_have_count(0)
    expect(app.get_by_text("Catching up")).to_have_count(0)
    screenshot(page, "resumed-caught-up")
