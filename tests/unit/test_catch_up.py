"""The pure parts of catch-up: the JQL date a search starts from, and when a missed event happened."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from addon.db.inbox import InboxEvent
from addon.jobs.catch_up import jql_date, updated_since
from addon.jobs.process import happened_at

MOMENT = datetime(2026, 7, 1, 23, 45, 59, tzinfo=timezone.utc)


@pytest.mark.parametrize("time_zone, written", [
    ("Etc/UTC", "2026/07/01 23:45"),  # the seconds are dropped: the window opens a little earlier, never later
    (None, "2026/07/01 23:45"),
    ("Europe/Berlin", "2026/07/02 01:45"),  # summer time: UTC+2, the next day there
    ("America/Los_Angeles", "2026/07/01 16:45"),
    # Unknown to us: written in UTC twelve hours earlier, so even a zone twelve hours west cannot read it later.
    ("Mars/Olympus_Mons", "2026/07/01 11:45"),
])
def test_a_jql_date_is_written_in_the_searching_users_time_zone(time_zone, written):
    assert jql_date(MOMENT, time_zone) == written


def test_the_search_takes_the_projects_issues_updated_since_oldest_first():
    assert updated_since("10000", MOMENT, "Etc/UTC") == \
        'project = 10000 AND updated >= "2026/07/01 23:45" ORDER BY created ASC'


def received_at(moment: datetime, payload_timestamp_ms=None) -> tuple[InboxEvent, dict]:
    payload = {"webhookEvent": "jira:issue_updated"}
    if payload_timestamp_ms is not None:
        payload["timestamp"] = payload_timestamp_ms
    return InboxEvent(received_at=moment), payload


def test_a_missed_event_happened_when_jira_stamped_it():
    stamped = int(MOMENT.timestamp() * 1000) - 90_000
    assert happened_at(*received_at(MOMENT, stamped)) == datetime(2026, 7, 1, 23, 44, 29, tzinfo=timezone.utc)


def test_a_missed_event_without_a_stamp_or_stamped_late_happened_when_it_reached_us():
    assert happened_at(*received_at(MOMENT)) == MOMENT
    assert happened_at(*received_at(MOMENT, int(MOMENT.timestamp() * 1000) + 5_000)) == MOMENT
