"""Sites whose webhooks verified lately, by clientKey, so the next webhook skips a tenant read and a decryption.

Nothing is accepted on this cache's word alone: a webhook verified with a remembered secret is stored
only if, in the same INSERT, the tenant is still installed, enabled and sealed with that very secret
(``addon.jobs.inbox.record_event``). Uninstall, disable and reinstall therefore take effect on the next
webhook. The expiry bounds how long a quiet site's secret stays in memory, and how long a site stays
remembered without Tandem's own user on it, which a worker learns later (see ``RecentSites``).
"""
from __future__ import annotations

import time
from typing import Callable

from addon.connect.inbound import KnownSite

# Real tenants only ever get in (after their token verified), so this bound is generous.
CAPACITY = 10_000


class RecentSites:
    def __init__(self, seconds: float, account_unknown_seconds: float, clock: Callable[[], float] = time.monotonic):
        """``account_unknown_seconds``: how long a site is remembered while Tandem's own user on it is not
        known. A worker learns that user at the site's first event; read again soon, the site's echoes of what
        Tandem wrote are then stored as done instead of waking a worker (addon.sync.needless)."""
        self._seconds = seconds
        self._account_unknown_seconds = account_unknown_seconds
        self._clock = clock
        # Plain dict operations are atomic under the GIL: threads of one worker share it without a lock.
        self._sites: dict[str, tuple[float, KnownSite]] = {}

    def get(self, client_key: str) -> KnownSite | None:
        entry = self._sites.get(client_key)
        if entry is None or entry[0] <= self._clock():
            return None
        return entry[1]

    def remember(self, site: KnownSite) -> None:
        if len(self._sites) >= CAPACITY:
            self._sites.clear()
        seconds = self._seconds if site.app_account_id is not None else self._account_unknown_seconds
        self._sites[site.client_key] = (self._clock() + seconds, site)

    def forget(self, client_key: str) -> None:
        self._sites.pop(client_key, None)
