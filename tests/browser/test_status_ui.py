"""The Status tab: the map filled with pickers of both projects' real statuses, the resolution a transition gets
picked among the site's, the plain-language summary, and the other side's half read-only beside it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import choose, open_tab_beside_the_other_half, save_draft


def test_the_status_map_is_filled_with_pickers_of_real_statuses(basic_connection, jira_host, page, audit):
    _, _, admin, connection_id = basic_connection
    app = open_tab_beside_the_other_half(basic_connection, jira_host, page, "Status")
    mine = app.get_by_role("region", name="This side: SOFT", exact=False)
    expect(mine.get_by_text("Status: issues of SOFT keep the status people give them; SOFT's status is not sent."))\
        .to_be_visible()

    mine.get_by_role("button", name="Map the statuses both projects have by name").click()
    mine.get_by_role("button", name="Add status mapping").click()
    mine.get_by_label("Move issues of SOFT when their synced issue in DESK changes status").focus()
    page.keyboard.press("Space")  # as with the keyboard: the switch's picture covers its input from the mouse
    expect(mine.get_by_text("Status: Their 'In Progress' -> my 'In Progress', Their 'Waiting for support' -> my "
                            "'To Do'; unmapped statuses stay as they are; SOFT's status is not sent.")).to_be_visible()
    offered = mine.get_by_label("Waiting for support moves the issue in SOFT to")
    offered.click()
    expect(app.get_by_role("option")).to_have_text(["To Do", "In Progress", "Done"])  # SOFT's own, no free text
    page.keyboard.press("Escape")
    choose(app, "Resolution in SOFT when a transition asks for one", "Won't Do", typed="Won")
    theirs = app.get_by_role("region", name="Other side: DESK", exact=False)
    expect(theirs.get_by_label("Send the status of DESK's issues to SOFT")).to_be_disabled()
    audit.check("status")

    saved = save_draft(app, admin, connection_id)
    assert saved["incoming"]["status"] == {"enabled": True, "transition_fields": {"resolution": "Won't Do"},
                                           "map": {"In Progress": "In Progress", "Waiting for support": "To Do"}}
    audit.assert_clean()
