"""Synthetic inbox events: what Tandem feeds itself about changes whose webhooks it did not get.

They take the normal path (in order per issue, under the lease, deduplicated by their identifier), so a
repair or a catch-up is carried across exactly as a webhook would have been.
"""
from __future__ import annotations

from addon.jobs.inbox import record_event
from addon.jobs.sync_event import Route


def issue_reference(route: Route, issue_id: str, issue_key: str) -> dict:
    """The issue as a webhook names it: enough to find its connection and read it again."""
    return {"id": issue_id, "key": issue_key, "fields": {"project": {"id": route.source_project_id}}}


def synthetic_event(kind: str, issue: dict, comment_id: str | None, **marks) -> dict:
    """``marks`` say where the event comes from (``tandemRepair``...) and may carry Jira's ``timestamp``."""
    return {"webhookEvent": kind, "issue": issue, **({"comment": {"id": comment_id}} if comment_id else {}), **marks}


def queue_event(runtime, tenant_id: int, identifier: str, payload: dict) -> int:
    """Stores and enqueues the event; 0 when one with that identifier was stored before."""
    event = record_event(runtime.db, tenant_id, identifier, payload)
    if event is None:
        return 0
    runtime.tasks.enqueue_drain(event.tenant_id, event.issue_id)
    return 1
