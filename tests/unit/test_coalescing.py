"""Which pending events of an issue the drain reads as one (addon.jobs.drain.coalesced)."""
import json
from types import SimpleNamespace

from addon.jobs.drain import coalesced
from addon.sync.loop_guard import TRACE_KEY


def event(number: int, trace: str | None = None, event_type: str = "jira:issue_updated", route=None):
    payload = {"webhookEvent": event_type, **({TRACE_KEY: trace} if trace else {})}
    return SimpleNamespace(id=number, event_type=event_type, route=route, payload=json.dumps(payload))


def numbers(groups) -> list[list[int]]:
    return [[item.id for item in group] for group in groups]


def test_updates_of_one_trace_are_read_as_one_and_others_apart():
    batch = [event(1), event(2), event(3, "tandem:1:a"), event(4, "tandem:1:a"), event(5, "tandem:2:b"), event(6),
             event(7, event_type="comment_created"), event(8)]
    assert numbers(coalesced(batch)) == [[1, 2], [3, 4], [5], [6], [7], [8]]
