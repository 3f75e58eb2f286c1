"""The People tab: the user map's table filled with pickers of each side's users (searched as one types), the
fallback's default user, the plain-language summary, and the other side's half read-only beside it."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.ui import app_frame, choose, open_tab, save_draft
from tests.support.settings_client import Admin


def test_the_user_map_is_filled_with_pickers_of_real_users(basic_connection, jira_host, page, audit):
    site, software, admin, connection_id = basic_connection
    ann = site.add_user("Ann Archer", email="ann@example.com")
    annette = site.add_user("Annette Hidden", email="annette@example.com", email_visible=False)
    desk = site.state.require_project("DESK")
    Admin(admin.app_url, site, site.admin.account_id, {"id": desk.id, "key": desk.key}).call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    app = app_frame(page)
    page.goto(jira_host.project_settings(site, site.admin.account_id, software))
    app.get_by_role("button", name="Open basic sync").click()
    open_tab(app, "People")
    mine = app.get_by_role("region", name="This side: SOFT", exact=False)
    expect(mine.get_by_text(
        "People: DESK's users are matched to SOFT's by the same e-mail address, then a name only one SOFT user has. "
        "For anyone not matched, or whom SOFT refuses (such as someone who cannot be assigned its issues), SOFT keeps "
        "the value it has.", exact=False)).to_be_visible()

    choose(app, "User in DESK", "Ann Archer", typed="Ann A")
    choose(app, "User in SOFT", "Annette Hidden", typed="Annet")
    mine.get_by_role("button", name="Add to the table").click()
    choose(app, "When someone is not matched, or SOFT refuses them", "Use a default user instead", typed="default")
    choose(app, "Default user in SOFT", "Ann Archer", typed="Ann A")
    expect(mine.get_by_role("row").filter(has_text="Annette Hidden")).to_contain_text("Ann Archer")
    expect(mine.get_by_text("your table (1 user)", exact=False)).to_be_visible()
    expect(mine.get_by_text("Ann Archer is used instead", exact=False)).to_be_visible()
    theirs = app.get_by_role("region", name="Other side: DESK", exact=False)
    expect(theirs.get_by_label("When someone is not matched, or DESK refuses them")).to_be_disabled()
    shown = app.locator("body").inner_text()
    assert not re.findall(r"\b(half|halves|twins?|enriched)\b", shown, re.IGNORECASE), shown  # a Jira admin's words
    audit.check("people")

    saved = save_draft(app, admin, connection_id)
    assert saved["incoming"]["people"]["table"] == [{
        "their_account_id": ann.account_id, "their_name": "Ann Archer",
        "my_account_id": annette.account_id, "my_name": "Annette Hidden"}]
    assert (saved["incoming"]["people"]["fallback"], saved["incoming"]["people"]["default_account_id"]) == (
        "default_user", ann.account_id)
    audit.assert_clean()

