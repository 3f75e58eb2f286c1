"""Webhooks that carry nothing across, told from the payload alone (addon.sync.needless)."""
from __future__ import annotations

import pytest

from addon.sync.needless import MADE_BY_TANDEM, ONLY_A_COMMENT, nothing_to_carry, only_reports_a_comment

APP = "557058:tandem"


@pytest.mark.parametrize("payload, only_a_comment", [
    ({"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_commented"}, True),
    ({"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_comment_deleted",
      "changelog": {"items": []}}, True),
    # A comment made while changing fields (on a transition screen) changes the issue too.
    ({"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_commented",
      "changelog": {"items": [{"fieldId": "summary"}]}}, False),
    ({"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_generic"}, False),
    ({"webhookEvent": "comment_created"}, False),
])
def test_an_issue_update_that_only_reports_a_comment_is_told_apart(payload, only_a_comment):
    assert only_reports_a_comment(payload) is only_a_comment


@pytest.mark.parametrize("payload, reason", [
    ({"webhookEvent": "jira:issue_updated", "user": {"accountId": APP}}, MADE_BY_TANDEM),
    ({"webhookEvent": "comment_created", "comment": {"author": {"accountId": APP}}}, MADE_BY_TANDEM),
    # A person's edit of a comment Tandem wrote is theirs to sync.
    ({"webhookEvent": "comment_updated",
      "comment": {"author": {"accountId": APP}, "updateAuthor": {"accountId": "ann"}}}, None),
    ({"webhookEvent": "jira:issue_updated", "user": {"accountId": "ann"}}, None),
    ({"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_commented",
      "user": {"accountId": "ann"}}, ONLY_A_COMMENT),
])
def test_what_carries_nothing_is_named(payload, reason):
    assert nothing_to_carry(payload, APP) == reason


def test_a_site_whose_own_user_is_not_known_yet_leaves_the_loop_guard_to_the_worker():
    assert nothing_to_carry({"webhookEvent": "jira:issue_updated", "user": {"accountId": APP}}, None) is None
