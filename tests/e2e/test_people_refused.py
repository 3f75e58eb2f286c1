"""A person the target site refuses (issue 17 item 2's remainder): the user map found them, but Jira will not take
them there — someone left out of the project's Assignable User roles, a deactivated account. The item does not fail:
the receiving half's fallback takes that person's place (unassigned, its default user, or the twin's value left as
it is), the history says so in Jira's words, and the summary, comments and other fields apply all the same.

Checked failing against 08771a4 (main before this change): the refused assignee and reviewer were left out
instead of taking the fallback, so the twin came out unassigned whatever the half said.
"""
from __future__ import annotations

import time

import pytest
from tests.e2e.conftest import own_stack
from tests.e2e.test_people import account, copied, edits_of, only_issue, pair, people_pair, renamed_only, \
    settled_quietly  # noqa: F401
from tests.e2e.test_reconciliation_scale import repairs_queued
from tests.jirasim.adf import mention_document
from tests.support.polling import eventually
from tests.support.settle import failed_events, forget_unfinished, settle, write_counts


def history_of(admin, connection_id: int, issue_key: str) -> list[dict]:
    return admin.call("GET", f"/api/connections/{connection_id}/history?issue={issue_key}",
                      expect=200).json()["history"]


def left_out(history: list[dict]) -> list[str]:
    return [entry["detail"] for entry in history if entry["action"] == "left_out_value"]


def test_a_refused_assignee_and_picker_value_get_the_fallback_and_the_rest_applies(pair, database):
    lp, rp = pair.left_people, pair.right_people
    pair.right.withhold_assignable("RGT", rp["ann"])  # found by e-mail, but may not be assigned RGT's issues
    pair.right.deactivate_user(rp["robert"])  # Bob's row of right's table names a deactivated account
    original = pair.left.create_issue("LFT", "Task", "Printer", assignee=lp["ann"].account_id,
                                      description=mention_document("Over to ", lp["ann"].account_id, "Ann Archer"),
                                      **{pair.reviewer: lp["bob"].account_id})
    pair.left.add_comment(original["key"], mention_document("Any news, ", lp["ann"].account_id, "Ann Archer", "?"))
    settled_quietly(database, pair)

    twin = only_issue(pair.right, "RGT")
    assert twin["fields"]["summary"] == "Printer"
    assert account(twin["fields"]["assignee"]) == rp["queue"].account_id  # right's fallback: its support queue
    assert account(twin["fields"][pair.reviewer]) == rp["queue"].account_id
    assert twin["fields"]["description"]["content"][0]["content"][1]["attrs"]["id"] == rp["ann"].account_id
    assert len(pair.right.comments(twin["key"])) == 1
    notes = left_out(history_of(pair.right_admin, pair.connection_id, original["key"]))
    assert any(f"User '{rp['ann'].account_id}' cannot be assigned issues." in note and "Support Queue" in note
               for note in notes), notes
    assert any(pair.reviewer in note and "Specified user does not exist" in note for note in notes), notes
    assert failed_events(database, pair.sites) == []

    # Nothing comes back: left keeps its own people, and a rename sends the summary alone (no retry of a refusal).
    kept = pair.left.issue(original["key"])["fields"]
    assert account(kept["assignee"]) == lp["ann"].account_id and account(kept[pair.reviewer]) == lp["bob"].account_id
    assert edits_of(pair.left, original["id"]) == []
    renamed_only(database, pair, original, twin, "Printer, renamed")
    assert len(pair.right.issues("RGT")) == 1 and len(pair.left.issues("LFT")) == 1


def test_a_refused_assignee_on_an_update_is_unassigned_where_the_half_says_so(pair, database):
    lp, rp = pair.left_people, pair.right_people
    original, twin = copied(database, pair, "Laptop", assignee=lp["zed"].account_id)
    pair.left.withhold_assignable("LFT", lp["ann"])  # left finds right's Ann by e-mail, and may not assign her
    left_edits = len(edits_of(pair.left, original["id"]))

    pair.right.update_issue(twin["key"], summary="Laptop, assigned", assignee=rp["ann"].account_id)
    settled_quietly(database, pair)

    back = pair.left.issue(original["key"])["fields"]
    assert back["summary"] == "Laptop, assigned"
    assert back["assignee"] is None  # left's fallback: unassigned, rather than Zed, whom right no longer assigns
    assert account(only_issue(pair.right, "RGT")["fields"]["assignee"]) == rp["ann"].account_id  # not sent back
    assert len(edits_of(pair.left, original["id"])) == left_edits + 2  # refused once, then written without Ann
    notes = left_out(history_of(pair.left_admin, pair.connection_id, twin["key"]))
    assert any(f"User '{lp['ann'].account_id}' cannot be assigned issues." in note for note in notes), notes
    assert failed_events(database, pair.sites) == []


@pytest.fixture
def reconciled_pair(database, install_keys, tmp_path_factory, make_site):
    """The same pair, compared by reconciliation every second."""
    with own_stack(database, install_keys, tmp_path_factory, TANDEM_RECONCILE_SECONDS="1") as running:
        made = people_pair(running.base_url, make_site, database)
        yield made
    forget_unfinished(database, made.sites)


def test_reconciliation_finds_no_drift_in_people_mapped_by_fallback_or_refused(reconciled_pair, database):
    """Reconciliation maps people as an event does: a twin holding the fallback in place of someone unknown or
    refused is no drift, so no round queues a repair and nothing is written again."""
    pair, lp, rp = reconciled_pair, reconciled_pair.left_people, reconciled_pair.right_people
    pair.right.withhold_assignable("RGT", rp["ann"])
    refused = pair.left.create_issue("LFT", "Task", "Refused", assignee=lp["ann"].account_id,
                           **{pair.approvers: [lp["bob"].account_id, lp["zed"].account_id]})
    pair.left.create_issue("LFT", "Task", "Unknown", assignee=lp["zed"].account_id,
                           **{pair.reviewer: lp["carl"].account_id})
    counts = settled_quietly(database, pair)

    time.sleep(5)  # five rounds
    assert repairs_queued(database, pair.left) + repairs_queued(database, pair.right) == 0
    assert write_counts(pair.sites) == counts
    assert {issue["fields"]["summary"]: account(issue["fields"]["assignee"]) for issue in pair.right.issues("RGT")} \
        == {"Refused": rp["queue"].account_id, "Unknown": rp["queue"].account_id}

    # The rounds do compare: a rename whose webhook is lost is found, and repaired by the summary alone.
    pair.left.faults.drop_webhooks(1)
    pair.left.update_issue(refused["key"], summary="Refused, renamed silently")
    assert eventually(lambda: repairs_queued(database, pair.left) + repairs_queued(database, pair.right) == 1, timeout=20)
    settle(database, pair.sites)
    twin = next(issue for issue in pair.right.issues("RGT") if issue["fields"]["summary"].startswith("Refused"))
    assert twin["fields"]["summary"] == "Refused, renamed silently"
    [repair] = edits_of(pair.right, twin["id"])
    assert repair.body == {"fields": {"summary": "Refused, renamed silently"}}
