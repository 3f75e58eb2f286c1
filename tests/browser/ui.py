"""Working Tandem's pages the way a person does, through Playwright: by labels and roles, as a screen reader would."""
from __future__ import annotations

import re

from playwright.sync_api import FrameLocator, Page, expect

# Roles of what a person operates; each must have an accessible name (aria-snapshot prints it in quotes).
CONTROL_ROLES = ("button", "textbox", "combobox", "checkbox", "radio", "switch", "tab", "link", "searchbox")
UNNAMED_CONTROL = re.compile(rf"^\s*- ({'|'.join(CONTROL_ROLES)})(?: \[[^\]]*\])?(?::.*)?$")


def app_frame(page: Page) -> FrameLocator:
    """Tandem's iframe in the Jira page."""
    return page.frame_locator("#app-frame")


def choose(app: FrameLocator, label: str, option: str, typed: str | None = None) -> None:
    """Picks ``option`` in the Atlaskit select labelled ``label``: type to filter (``typed``, else the option's
    text), Enter to pick, as by keyboard."""
    field = app.get_by_label(label, exact=True)
    field.click()
    field.press_sequentially(typed or option)
    app.get_by_role("option", name=option, exact=True).wait_for()
    field.press("Enter")


def expect_flag(app: FrameLocator, title: str, description: str | None = None) -> None:
    """An Atlaskit flag (Jira's notification in the corner) with ``title`` and, if given, the server's words."""
    flag = app.get_by_role("alert").filter(has_text=title).last
    expect(flag).to_be_visible()
    if description is not None:
        expect(flag).to_contain_text(description)


def save_draft(app: FrameLocator, admin, connection_id: int) -> dict:
    """Saves the draft from the toolbar, and answers it as the server now holds it."""
    app.get_by_role("button", name="Save draft").click()
    expect_flag(app, "Draft saved")
    return admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]


def open_tab(app: FrameLocator, name: str) -> None:
    app.get_by_role("tab", name=name).click()
    expect(app.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def unnamed_controls(page: Page) -> tuple[list[str], str]:
    """The controls of Tandem's iframe that have no accessible name, and the aria snapshot they were found in."""
    snapshot = app_frame(page).locator("body").aria_snapshot()
    return [line.strip() for line in snapshot.splitlines() if UNNAMED_CONTROL.match(line)], snapshot


def horizontal_overflow(page: Page) -> int:
    """How many pixels the iframe's document is wider than the iframe (more than 0: a horizontal scrollbar)."""
    return app_frame(page).locator("html").evaluate("html => html.scrollWidth - html.clientWidth")


def assert_usable(page: Page) -> None:
    """Every control has a name, and the page fits the iframe's width (no sideways scrolling at 1280x800)."""
    unnamed, snapshot = unnamed_controls(page)
    assert unnamed == [], f"controls without an accessible name:\n{snapshot}"
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"the page is {overflow}px wider than its iframe"


def open_tab_beside_the_other_half(basic_connection, jira_host, page: Page, tab: str) -> FrameLocator:
    """``basic_connection``'s configuration open on ``tab`` for SOFT, with DESK's half published so that it shows
    read-only beside SOFT's."""
    from tests.support.settings_client import Admin  # the browser helpers need no settings client otherwise

    site, software, admin, connection_id = basic_connection
    desk = site.state.require_project("DESK")
    desk_admin = Admin(admin.app_url, site, site.admin.account_id, {"id": desk.id, "key": desk.key})
    desk_admin.call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, tab)
    return app
