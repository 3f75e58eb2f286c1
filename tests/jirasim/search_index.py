"""Jira's search index, which lags behind the issues: ``/rest/api/3/search/jql`` is eventually consistent.

Atlassian documents it ("recent updates might not be immediately visible in the returned search results"): an
issue created through REST, or an entity property set on one, is searchable only once the index has caught up.
With ``Faults.search_lag`` seconds set, an issue created meanwhile is not found at all and a property changed
meanwhile is searched with its value from before. Reads by id or key (``GET /issue/{id}``) are never late.
Only changes made through REST lag: the ones a test makes with the site's helpers are indexed at once.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .model import Issue

NOT_INDEXED = None  # an issue created since: the index does not know it yet


@dataclass
class _Lagging:
    visible_at: float
    indexed_properties: dict | None  # as the index still has them; NOT_INDEXED for a new issue


class SearchIndex:
    def __init__(self, faults):
        self._faults = faults
        self._lagging: dict[str, _Lagging] = {}
        self._lock = threading.Lock()

    def created(self, issue: Issue) -> None:
        self._record(issue, NOT_INDEXED)

    def properties_changing(self, issue: Issue) -> None:
        """Called before the change: the index keeps the properties as they are now until it catches up."""
        self._record(issue, dict(issue.properties))

    def _record(self, issue: Issue, indexed: dict | None) -> None:
        lag = self._faults.search_lag
        if not lag:
            return
        with self._lock:
            earlier = self._lagging.get(issue.id)
            if earlier is not None and earlier.visible_at > time.monotonic():
                indexed = earlier.indexed_properties  # the index has not seen the earlier change either
            self._lagging[issue.id] = _Lagging(time.monotonic() + lag, indexed)

    def as_indexed(self, issue: Issue) -> Issue | None:
        """The issue as search sees it: None when not indexed yet, else with the properties the index holds."""
        with self._lock:
            lagging = self._lagging.get(issue.id)
            if lagging is None:
                return issue
            if lagging.visible_at <= time.monotonic():
                del self._lagging[issue.id]
                return issue
        if lagging.indexed_properties is NOT_INDEXED:
            return None
        return Issue(issue.id, issue.key, issue.project, issue.fields, issue.comments,
                     lagging.indexed_properties, issue.remote_links)
