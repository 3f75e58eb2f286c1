"""The Errors and History views: an item Jira refused shows with Jira's words, Retry carries it across once fixed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, expect_flag, open_tab
from tests.support.polling import eventually
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.settle import settle

REFUSED_BY_JIRA = "The Customer Request Type is not valid for this project"


@pytest.fixture
def power_customer(stack, make_site):
    """Power Customer, set up through the API (the UI set-up has its own test)."""
    customer_site, support_site = make_site("customer"), make_site("support")
    for site in (customer_site, support_site):
        assert site.install(stack.base_url + "/atlassian-connect.json").status_code == 204
    customer = customer_site.add_project("CUS", "Customer", type="software")
    support = support_site.add_project("SUP", "First level", type="service_desk")
    requester = Admin(stack.base_url, customer_site, customer_site.admin.account_id, customer)
    redeemer = Admin(stack.base_url, support_site, support_site.admin.account_id, support)
    connection_id = connect_across_sites(requester, redeemer, "power_customer")
    requester.publish_and_start(connection_id, redeemer)
    return customer_site, support_site, customer, requester, connection_id


def test_a_refused_issue_shows_in_errors_and_retry_clears_it(power_customer, jira_host, page, screenshot, database):
    customer_site, support_site, customer, requester, connection_id = power_customer
    field = support_site.request_type_field_id()
    support_site.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$",
                              body={"errorMessages": [], "errors": {field: REFUSED_BY_JIRA}})
    poisoned = customer_site.create_issue("CUS", "Task", "Poisoned")
    errors = f"/api/connections/{connection_id}/errors"
    assert eventually(lambda: requester.call("GET", errors, expect=200).json()["total"] == 1, timeout=30, interval=0.2)

    app = app_frame(page)
    page.goto(jira_host.project_settings(customer_site, customer_site.admin.account_id, customer))
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
    settle(database, [customer_site, support_site])
    [twin] = support_site.issues("SUP")
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
    customer_site, support_site, customer, requester, connection_id = power_customer
    support_site.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$")
    poisoned = customer_site.create_issue("CUS", "Task", "Poisoned")
    errors = f"/api/connections/{connection_id}/errors"
    assert eventually(lambda: requester.call("GET", errors, expect=200).json()["total"] == 1, timeout=30, interval=0.2)
    requester.call("POST", f"/api/connections/{connection_id}/stop", expect=200)
    refusal = requester.call("POST", f"{errors}/{requester.call('GET', errors).json()['errors'][0]['eventId']}/retry")
    assert refusal.status_code == 409

    app = app_frame(page)
    page.goto(jira_host.project_settings(customer_site, customer_site.admin.account_id, customer))
    app.get_by_role("button", name="Open power_customer sync").click()
    open_tab(app, "Errors (1)")
    app.get_by_role("button", name=f"Retry {poisoned['key']}").click()
    expect_flag(app, f"Could not retry {poisoned['key']}", refusal.json()["message"])
    expect(app.get_by_role("tabpanel")).to_contain_text(refusal.json()["message"])
    screenshot(page, "retry-refused")
    app.get_by_role("button", name=f"Skip {poisoned['key']}").click()
    expect_flag(app, f"Skipped {poisoned['key']}")
    expect(app.get_by_text("No errors")).to_be_visible()
