"""The Errors and History views: an item Jira refused shows with Jira's words, Retry carries it across once fixed."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, expect_flag, open_tab
from tests.support import scenarios
from tests.support.settle import settle

REFUSED_BY_JIRA = "The Customer Request Type is not valid for this project"
SYNC_TIMEOUT = 60  # seconds, as tests.support.settle allows


def wait_for_one_error(pc: scenarios.PowerCustomer) -> list[dict]:
    return pc.wait_for_errors(1, timeout=SYNC_TIMEOUT)


def test_a_refused_issue_shows_in_errors_and_retry_clears_it(power_customer, jira_host, page, screenshot, database):
    pc = power_customer
    field = pc.support.request_type_field_id()
    pc.support.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$",
                            body={"errorMessages": [], "errors": {field: REFUSED_BY_JIRA}})
    poisoned = pc.customer.create_issue("CUS", "Task", "Poisoned")
    wait_for_one_error(pc)

    app = app_frame(page)
    page.goto(jira_host.project_settings(pc.customer, pc.customer.admin.account_id, pc.customer_project))
    expect(app.get_by_role("row").filter(has_text="power_customer sync")).to_contain_text("1")
    app.get_by_role("button", name="Open power_customer sync").click()
    open_tab(app, "Errors (1)")
    row = app.get_by_role("row").filter(has_text=poisoned["key"])
    expect(row).to_contain_text("create issue in SUP")
    expect(row).to_contain_text(f"400 Bad Request: {field}: {REFUSED_BY_JIRA}")
    expect(row).to_contain_text("CUS → SUP")
    assert_usable(page)
    screenshot(page, "errors")

    row.get_by_role("button", name=f"Retry {poisoned['key']}").click()
    expect_flag(app, f"Retrying {poisoned['key']}")
    expect(app.get_by_text("No errors")).to_be_visible()
    settle(database, pc.sites)
    [twin] = pc.support.issues("SUP")
    assert twin["fields"]["summary"] == "Poisoned"
    screenshot(page, "errors-cleared")

    open_tab(app, "History")
    history = app.get_by_role("tabpanel")
    expect(history).to_contain_text("Created issue")
    expect(history).to_contain_text("Failed")
    app.get_by_label("Issue key").fill(twin["key"])
    app.get_by_role("button", name="Filter").click()
    expect(history.get_by_role("row").filter(has_text="Created issue")).to_contain_text(twin["key"])
    assert_usable(page)
    screenshot(page, "history")


def test_retry_of_a_stopped_connection_shows_why_it_cannot(power_customer, jira_host, page, screenshot):
    pc = power_customer
    pc.support.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$")
    poisoned = pc.customer.create_issue("CUS", "Task", "Poisoned")
    [error] = wait_for_one_error(pc)
    pc.requester.call("POST", f"{pc.path}/stop", expect=200)
    refusal = pc.requester.call("POST", f"{pc.path}/errors/{error['eventId']}/retry")
    assert refusal.status_code == 409

    app = app_frame(page)
    page.goto(jira_host.project_settings(pc.customer, pc.customer.admin.account_id, pc.customer_project))
    app.get_by_role("button", name="Open power_customer sync").click()
    open_tab(app, "Errors (1)")
    app.get_by_role("button", name=f"Retry {poisoned['key']}").click()
    expect_flag(app, f"Could not retry {poisoned['key']}", refusal.json()["message"])
    expect(app.get_by_role("tabpanel")).to_contain_text(refusal.json()["message"])
    screenshot(page, "retry-refused")
    app.get_by_role("button", name=f"Skip {poisoned['key']}").click()
    expect_flag(app, f"Skipped {poisoned['key']}")
    expect(app.get_by_text("No errors")).to_be_visible()
