"""Webhooks that carry nothing across, told from the payload alone (addon.sync.needless)."""
from __future__ import annotations

import pytest

from addon.sync.loop_guard import MADE_BY_APP_KEY, TRACE_KEY, Trace, trace_of
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


@pytest.mark.parametrize("trace, reason", [
    # Tandem's write for connection 7, into a project with no other connection: nothing to do anywhere.
    ("tandem:7:a>b:sole", MADE_BY_TANDEM),
    # Into a hub: an echo for connection 7 only, a change the project's other connections carry on (the worker).
    ("tandem:7:a>b", None),
])
def test_a_traced_write_of_tandem_is_an_echo_for_its_own_connection_only(trace, reason):
    payload = {"webhookEvent": "jira:issue_updated", "user": {"accountId": APP}, TRACE_KEY: trace}
    assert nothing_to_carry(payload, APP) == reason
    assert trace_of(payload) == Trace(7, "a", sole=trace.endswith(":sole"))
    assert trace_of(payload).value == trace


def test_another_apps_trace_or_a_doors_made_by_the_app_mark():
    assert trace_of({TRACE_KEY: "some-other-app-42"}) is None
    assert nothing_to_carry({"webhookEvent": "jira:issue_updated", "user": {"accountId": "ann"},
                             TRACE_KEY: "some-other-app-42"}, APP) is None
    assert nothing_to_carry({"webhookEvent": "jira:issue_updated", MADE_BY_APP_KEY: True}, None) == MADE_BY_TANDEM
