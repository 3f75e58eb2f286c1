"""Accessibility of every screen, checked by machine (tests/browser/axe.py: axe-core's WCAG 2 A/AA rules, an
accessible name on every control, no sideways scrolling in Jira's iframe at 1280x800); and the main paths worked
with the keyboard alone, the focus always where it should be and visibly so.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import Audit
from tests.browser.ui import app_frame, expect_flag, open_tab
from tests.support import scenarios
from tests.support.settle import forget_unfinished, settle

CONFIGURATION_TABS = ("Issue types", "Fields", "Default values", "Comments", "Status", "People", "Attachments", "Scope")
SYNC_TIMEOUT = 60  # seconds, as tests.support.settle allows

# Atlaskit draws the focus ring in the focus colour, on the control itself (buttons, tabs, radios) or on the box
# around it (text fields, selects): an outline or a box shadow of the element or one of its three nearest ancestors.
HAS_FOCUS_RING = """(element) => {
  const probe = document.createElement('span');
  probe.style.color = 'var(--ds-border-focused, #388bff)';
  document.body.append(probe);
  const focusColour = getComputedStyle(probe).color;
  probe.remove();
  for (let node = element, level = 0; node && level < 4; node = node.parentElement, level += 1) {
    const style = getComputedStyle(node);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    if ((outlined && style.outlineColor === focusColour) || style.boxShadow.includes(focusColour)) return true;
  }
  return false;
}"""


@pytest.fixture
def power_customer_with_an_error(stack, make_site, database) -> tuple[scenarios.PowerCustomer, dict]:
    """Power Customer between two sites, running: one issue of CUS failed to cross (an error to retry), another
    crossed (a twin in SUP, for the glance)."""
    running = scenarios.power_customer(stack.base_url, make_site)
    running.support.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue$")
    running.customer.create_issue("CUS", "Task", "Refused by SUP")
    running.wait_for_errors(1, timeout=SYNC_TIMEOUT)
    crossed = running.customer.create_issue("CUS", "Task", "Printer on fire", description="It smokes")
    running.customer.add_comment(crossed["key"], "Any news?")
    settle(database, running.sites)
    [twin] = [issue for issue in running.support.issues("SUP") if issue["fields"]["summary"] == "Printer on fire"]
    # The customer's draft also takes in the priority: a field whose values take a value map (Summary's do not).
    draft = running.requester.call("GET", f"{running.path}/half", expect=200).json()["draft"]
    draft["incoming"]["fields"]["priority"] = "priority"
    running.requester.call("PUT", f"{running.path}/half", json=draft, expect=200)
    yield running, twin
    forget_unfinished(database, running.sites)


def test_every_screen_passes_axe_names_its_controls_and_fits_the_iframe(power_customer_with_an_error, jira_host, page,
                                                                       audit):
    running, twin = power_customer_with_an_error
    app = app_frame(page)

    page.goto(jira_host.project_settings(running.customer, running.customer.admin.account_id, running.customer_project))
    expect(app.get_by_role("row").filter(has_text="power_customer sync")).to_contain_text("active")
    audit.check("list")
    _check_new_synchronization(app, audit)
    _check_accept_invitation(app, audit)

    app.get_by_role("button", name="Open power_customer sync").click()
    _check_configuration_tabs(app, audit, "customer")
    open_tab(app, "Fields")
    app.get_by_role("button", name="Value map of Priority").first.click()
    editor = app.get_by_role("region", name="Values of Priority")
    editor.get_by_role("button", name="Add value").click()
    editor.get_by_label("Set a default value").check()
    audit.check("customer-value-map")
    editor.get_by_role("button", name="Cancel").click()
    open_tab(app, "Errors (1)")
    expect(app.get_by_role("tabpanel").get_by_role("row").filter(has_text="CUS → SUP")).to_be_visible()
    audit.check("customer-errors")
    open_tab(app, "History")
    expect(app.get_by_role("tabpanel")).to_contain_text("Created issue")
    audit.check("customer-history")

    page.goto(jira_host.project_settings(running.support, running.support.admin.account_id, running.support_project))
    app.get_by_role("button", name="Open power_customer sync").click()
    _check_configuration_tabs(app, audit, "support")

    page.goto(jira_host.issue_glance(running.support, running.support.admin.account_id, running.support_project, twin))
    expect(app.get_by_role("link", name=re.compile(r"^CUS-\d+"))).to_be_visible()
    expect(app.locator("main")).to_contain_text("Added comment")
    expect(app.get_by_role("heading", level=1)).to_have_text("Tandem sync status")
    audit.check("issue-glance")

    audit.assert_clean()


def _check_new_synchronization(app, audit: Audit) -> None:
    """The wizard with each choice of where the other project is, and the invitation code it makes."""
    app.get_by_role("button", name="New synchronization").click()
    dialog = app.get_by_role("dialog", name="New synchronization")
    expect(dialog.get_by_label("With a project of this site")).to_be_checked()
    expect(dialog.get_by_text(re.compile("^Summary, description, labels"))).to_be_visible()  # the scenarios came
    audit.check("new-synchronization-this-site")
    dialog.get_by_label("Name", exact=True).fill("Invited")
    dialog.get_by_label("With a project of another site").check()
    audit.check("new-synchronization-another-site")
    dialog.get_by_role("button", name="Create", exact=True).click()
    expect(dialog.get_by_label("Invitation code")).to_have_value(re.compile(r"^tandem1\."))
    audit.check("new-synchronization-invitation-code")
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_have_count(0)


def _check_accept_invitation(app, audit: Audit) -> None:
    """The dialog, empty and with a code the server refused (its message in the dialog and in a flag)."""
    app.get_by_role("button", name="Accept invitation").click()
    dialog = app.get_by_role("dialog", name="Accept invitation")
    expect(dialog.get_by_label("Invitation code")).to_be_focused()
    audit.check("accept-invitation")
    dialog.get_by_label("Invitation code").fill("tandem1.bm90LWEtc2VydmVy.secret")
    dialog.get_by_role("button", name="Accept", exact=True).click()
    expect_flag(app, "Could not accept the invitation")
    expect(dialog.get_by_text("Not accepted")).to_be_visible()
    audit.check("accept-invitation-refused")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)


def _check_configuration_tabs(app, audit: Audit, who: str) -> None:
    expect(app.get_by_role("heading", name="power_customer sync", exact=True)).to_be_visible()
    for tab in CONFIGURATION_TABS:
        open_tab(app, tab)
        expect(app.get_by_role("tabpanel").get_by_role("heading", name=re.compile("^This side"))).to_be_visible()
        audit.check(f"{who}-{tab.lower().replace(' ', '-')}")


def test_the_wizard_and_the_configuration_tabs_work_from_the_keyboard(basic_connection, jira_host, page, screenshot):
    site, software, _, _ = basic_connection
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    expect(app.get_by_role("row").filter(has_text="basic sync")).to_be_visible()

    # The wizard: opened with Enter, each control reached with Tab (and back with Shift+Tab), closed with Escape.
    new = app.get_by_role("button", name="New synchronization")
    tab_to(page, new)
    page.keyboard.press("Enter")
    dialog = app.get_by_role("dialog", name="New synchronization")
    expect_focus_on(dialog.get_by_role("textbox", name="Name"))
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    scenario = dialog.get_by_role("combobox", name="Scenario")
    expect_focus_on(scenario)
    for _ in range(3):  # opens the menu on the chosen scenario (Basic), then on to Power Customer and Mirroring
        page.keyboard.press("ArrowDown")
    expect(app.get_by_role("option", name="Mirroring")).to_be_visible()
    page.keyboard.press("Enter")
    expect(dialog.get_by_text(re.compile("^Two service desks"))).to_be_visible()  # Mirroring's description
    page.keyboard.press("Tab")
    this_site = dialog.get_by_role("radio", name="With a project of this site")
    expect_focus_on(this_site)
    page.keyboard.press("ArrowDown")
    another_site = dialog.get_by_role("radio", name="With a project of another site")
    expect_focus_on(another_site)
    expect(another_site).to_be_checked()
    expect(dialog.get_by_role("combobox", name="Project")).to_have_count(0)
    page.keyboard.press("ArrowUp")
    expect(this_site).to_be_checked()
    page.keyboard.press("Tab")
    expect_focus_on(dialog.get_by_role("combobox", name="Project"))
    page.keyboard.press("Tab")
    expect_focus_on(dialog.get_by_role("button", name="Cancel"))
    page.keyboard.press("Shift+Tab")
    expect_focus_on(dialog.get_by_role("combobox", name="Project"))
    screenshot(page, "keyboard-wizard")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect_focus_on(new)  # back where the person was

    # A connection: opened from the list, its tabs reached with Tab and switched with the arrows.
    tab_to(page, app.get_by_role("button", name="Open basic sync"))
    page.keyboard.press("Enter")
    expect(app.get_by_role("heading", name="basic sync", exact=True)).to_be_visible()
    tab_to(page, app.get_by_role("tab", name="Issue types"))
    tabs = [*CONFIGURATION_TABS, "Errors (0)", "History"]
    for previous, tab in zip(tabs, tabs[1:]):
        page.keyboard.press("ArrowRight")
        expect_focus_on(app.get_by_role("tab", name=tab))
        expect(app.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        expect(app.get_by_role("tab", name=previous)).to_have_attribute("aria-selected", "false")
    for tab in reversed(tabs[1:-1]):  # back to Fields
        page.keyboard.press("ArrowLeft")
        expect_focus_on(app.get_by_role("tab", name=tab))
        expect(app.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Tab")  # into the tab's panel, then to its first control: the fields sent, one by one
    panel = app.get_by_role("tabpanel", name="Fields")
    expect_focus_on(panel)
    page.keyboard.press("Tab")
    expect_focus_on(panel.get_by_role("button", name="Remove Description"))
    tab_to(page, panel.get_by_role("combobox", name="Fields SOFT sends to DESK"), limit=3)
    screenshot(page, "keyboard-fields-tab")
    page.keyboard.press("Shift+Tab")
    expect_focus_on(panel.get_by_role("button", name="Remove Summary"))


def tab_to(page: Page, control: Locator, limit: int = 25) -> None:
    """Presses Tab until ``control`` has the focus, as a person would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _is_focused(control):
            expect_focus_on(control)
            return
    pytest.fail(f"{control} cannot be reached with Tab: after {limit} presses the focus is on "
                f"{app_frame(page).locator(':focus').evaluate('e => e.outerHTML.slice(0, 200)')}")


def expect_focus_on(control: Locator) -> None:
    """``control`` (found by role and accessible name) has the focus, and a focus ring shows it."""
    expect(control).to_be_focused()
    expect(control).to_be_visible()
    assert control.evaluate(HAS_FOCUS_RING), f"{control} has the focus but no visible focus ring"


def _is_focused(control: Locator) -> bool:
    return control.count() == 1 and control.evaluate("element => element === document.activeElement")
