"""The Forge door's pure parts: events in the inbox's vocabulary, their dedupe key, and which app token to keep."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from addon.forge.app_tokens import worth_keeping
from addon.forge.events import NotAnEvent, dedupe_key, inbox_event
from addon.sync.loop_guard import MADE_BY_APP_KEY, TRACE_KEY

ISSUE = {"id": "10001", "key": "A-1", "fields": {"project": {"id": "10000"}, "updated": "2026-12-07T10:00:00.000+0000"}}
COMMENT = {"id": "501", "created": "2026-12-07T10:00:00.000+0000", "updated": "2026-12-07T10:00:00.000+0000",
           "author": {"accountId": "u1"}}
INSTALLATION = "ari:cloud:ecosystem::installation/one"


def commented(**comment) -> dict:
    return {"eventType": "avi:jira:commented:issue", "issue": ISSUE, "comment": {**COMMENT, **comment},
            "atlassianId": "u1"}


def test_issue_events_become_the_webhooks_the_engine_handles():
    created = inbox_event({"eventType": "avi:jira:created:issue", "issue": ISSUE, "atlassianId": "u1",
                           "selfGenerated": True, "webhookTraceValue": "tandem:1:a>b"})
    assert created == {"webhookEvent": "jira:issue_created", "issue_event_type_name": "issue_created",
                       "issue": ISSUE, "user": {"accountId": "u1"}, MADE_BY_APP_KEY: True,
                       TRACE_KEY: "tandem:1:a>b"}
    deleted = inbox_event({"eventType": "avi:jira:deleted:issue", "issue": ISSUE})
    assert deleted["webhookEvent"] == "jira:issue_deleted"


def test_a_comment_edit_is_comment_updated_and_a_new_one_comment_created():
    assert inbox_event(commented())["webhookEvent"] == "comment_created"
    assert inbox_event(commented(updated="2026-12-07T10:05:00.000+0000"))["webhookEvent"] == "comment_updated"
    gone = inbox_event({"eventType": "avi:jira:deleted:comment", "issue": ISSUE, "comment": COMMENT})
    assert gone["webhookEvent"] == "comment_deleted" and gone["comment"]["id"] == "501"


def test_events_tandem_does_not_handle_are_ignored_and_malformed_ones_refused():
    assert inbox_event({"eventType": "avi:jira:created:attachment", "issue": ISSUE}) is None
    for bad in ({}, {"eventType": "avi:jira:created:issue"}, {"eventType": "avi:jira:commented:issue",
                                                              "issue": ISSUE}):
        with pytest.raises(NotAnEvent):
            inbox_event(bad)


def test_the_dedupe_key_is_one_per_change_and_the_same_for_its_retries():
    first, retry = commented(), commented()
    edit = commented(updated="2026-12-07T10:05:00.000+0000")
    assert dedupe_key(INSTALLATION, first) == dedupe_key(INSTALLATION, retry)
    assert dedupe_key(INSTALLATION, first) != dedupe_key(INSTALLATION, edit), "an edit is a new change"
    assert dedupe_key(INSTALLATION, first) != dedupe_key("ari:cloud:ecosystem::installation/two", first)
    update = {"eventType": "avi:jira:updated:issue", "issue": ISSUE, "changelog": {"id": "9001", "items": []}}
    same_second = {**update, "changelog": {"id": "9002", "items": []}}
    assert dedupe_key(INSTALLATION, update) != dedupe_key(INSTALLATION, same_second), \
        "two updates in one second are two changes"
    assert len(dedupe_key(INSTALLATION, update)) <= 255


NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("offered, kept, keep", [
    (NOW + timedelta(hours=2), None, True),
    (NOW + timedelta(hours=2), NOW + timedelta(hours=3), False),  # older than the kept one
    (NOW + timedelta(hours=2, minutes=1), NOW + timedelta(hours=2), False),  # a minute more: not worth a write
    (NOW + timedelta(hours=2, minutes=5), NOW + timedelta(hours=2), True),
    (NOW + timedelta(minutes=6), NOW + timedelta(minutes=5), True),  # the kept one is about to run out
])
def test_the_newest_app_token_is_kept_when_worth_a_write(offered, kept, keep):
    assert worth_keeping(offered, kept, NOW) is keep
