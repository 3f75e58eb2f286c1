"""Periodic work that runs once at a time however many workers there are: a connection's reconciliation, its
catch-up. Every worker's round enqueues it, and a resume does too; the first to take its lease does the work, the
others find it held and end at once.

The lease (``addon.jobs.leases``) has a key of its own, and is renewed as the work goes on: a scan of a large
project outlasts any fixed lease, and another worker must not start it again meanwhile.
"""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Callable

from addon.jobs import leases

log = logging.getLogger(__name__)


class HoldLost(Exception):
    """Another worker took the work over: our lease expired before we renewed it."""


class Hold:
    def __init__(self, runtime, tenant_id: int, key: str):
        self._db, self._tenant_id, self.key = runtime.db, tenant_id, key
        self._seconds = runtime.settings.lease_seconds
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._taken_at = 0.0

    def take(self) -> bool:
        taken = leases.acquire(self._db, self._tenant_id, self.key, self._owner, self._seconds)
        self._taken_at = time.monotonic()
        return taken

    def keep(self) -> None:
        """Called between two steps of the work; renews once half the lease has passed."""
        if time.monotonic() - self._taken_at >= self._seconds / 2 and not self.take():
            raise HoldLost(self.key)

    def release(self) -> None:
        leases.release(self._db, self._tenant_id, self.key, self._owner)


def alone(runtime, tenant_id: int, key: str, work: Callable[[Hold], int]) -> int:
    """``work(hold)`` unless another worker holds ``key``; its result, or 0."""
    hold = Hold(runtime, tenant_id, key)
    if not hold.take():
        return 0
    try:
        return work(hold)
    except HoldLost:
        log.warning("%s took longer than its lease; another worker carries on", key)
        return 0
    finally:
        hold.release()
