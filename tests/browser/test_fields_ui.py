"""The Fields tab: fields by name, a value map only where a field's values are chosen from a list, its values
picked among each side's real ones, creating missing components switched on, and the plain-language summary."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import app_frame, assert_usable, choose, expect_flag, open_tab


def test_select_options_are_mapped_with_pickers_of_the_real_values(basic_connection, jira_host, page, audit):
    site, software, admin, connection_id = basic_connection
    tier = site.add_custom_field("Customer tier", "select", ["Gold", "Silver"])
    support = site.add_custom_field("Support level", "select", ["Premium", "Basic"])
    draft = admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]
    draft["incoming"]["fields"].update({support: tier, "components": "components"})
    admin.call("PUT", f"/api/connections/{connection_id}/half", json=draft, expect=200)
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "Fields")

    mine = app.get_by_role("region", name="This side: SOFT on this site")
    expect(mine.get_by_text("Support level").first).to_be_visible()
    expect(mine.get_by_text(tier)).to_have_count(0)  # by name, not by id
    expect(mine.get_by_text("Copied as it is").first).to_be_visible()
    expect(mine.get_by_role("button", name="Value map of Summary")).to_have_count(0)  # its values are free text
    expect(mine.get_by_role("button", name="Value map of Labels")).to_have_count(1)
    mine.get_by_role("button", name="Value map of Support level").click()
    editor = app.get_by_role("region", name="Values of Support level")
    editor.get_by_role("button", name="Add value").click()
    choose(editor, "Value in DESK, row 1", "Premium")
    choose(editor, "Value in SOFT, row 1", "Gold")
    audit.check("fields-value-map")
    assert_usable(page)
    editor.get_by_role("button", name="Apply").click()
    toggle = mine.get_by_label("Create the components named in Components that SOFT lacks", exact=False)
    toggle.focus()
    page.keyboard.press("Space")
    expect(mine.get_by_text("Support level: their 'Premium' → my 'Gold'; other values leave the field as it is."))\
        .to_be_visible()
    expect(mine.get_by_text("Components: one SOFT lacks is created there.")).to_be_visible()
    audit.check("fields-tab")
    app.get_by_role("button", name="Save draft").click()
    expect_flag(app, "Draft saved")

    saved = admin.call("GET", f"/api/connections/{connection_id}/half", expect=200).json()["draft"]["incoming"]
    assert saved["value_maps"][support] == {"values": {"Premium": "Gold"}, "if_no_match": "ignore", "default": None}
    assert saved["create_missing"] == ["components"]
