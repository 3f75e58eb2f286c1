"""The Attachments tab: whether files leave, the size limit, file types picked from a list, deletions, the
plain-language summary, and the other side's half read-only beside it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.ui import open_tab_beside_the_other_half, save_draft


def test_attachment_rules_are_set_and_summarised(basic_connection, jira_host, page, audit):
    _, _, admin, connection_id = basic_connection
    app = open_tab_beside_the_other_half(basic_connection, jira_host, page, "Attachments")
    mine = app.get_by_role("region", name="This side: SOFT", exact=False)
    expect(mine.get_by_text("Attachments: files of DESK of any size, of every type, are copied here; copies stay "
                            "when an original is deleted; SOFT's attachments are sent.")).to_be_visible()

    mine.get_by_label("Largest file added, in MB").fill("10")
    types = mine.get_by_label("Only files of these types")
    for option, typed in (("pdf", "pdf"), ("image/*", "image/")):
        types.click()
        types.press_sequentially(typed)
        app.get_by_role("option", name=option, exact=True).wait_for()
        types.press("Enter")
    mine.get_by_label("Delete the copy in SOFT when its original is deleted in DESK").focus()
    page.keyboard.press("Space")  # as with the keyboard: the switch's picture covers its input from the mouse
    expect(mine.get_by_text("Attachments: files of DESK up to 10 MB, of types pdf, image/*, are copied here; "
                            "deleting an original deletes its copy; SOFT's attachments are sent.")).to_be_visible()
    theirs = app.get_by_role("region", name="Other side: DESK", exact=False)
    expect(theirs.get_by_label("Send attachments of DESK to SOFT")).to_be_disabled()
    expect(theirs.get_by_text("Attachments: files of SOFT of any size, of every type, are copied here;",
                              exact=False)).to_be_visible()
    audit.check("attachments")

    saved = save_draft(app, admin, connection_id)
    assert saved["incoming"]["attachments"] == {"enabled": True, "max_size_mb": 10, "file_types": ["pdf", "image/*"],
                                                "carry_deletions": True}
    audit.assert_clean()
