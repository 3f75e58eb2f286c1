"""Periodic work that runs once at a time however many workers there are: a connection's reconciliation, its
catch-up. Every worker's round enqueues it, and a resume does too; the first to take its lease does the work, the
others find it held and end at once.

The lease (``addon.jobs.leases.Lease``) has a key of its own, and is renewed as the work goes on (``keep``): a scan
of a large project outlasts any fixed lease, and another worker must not start it again meanwhile.
"""
from __future__ import annotations

import logging
from typing import Callable

from addon.jobs.leases import Lease, LeaseLost

log = logging.getLogger(__name__)


def alone(runtime, tenant_id: int, key: str, work: Callable[[Lease], int]) -> int:
    """``work(lease)`` unless another worker holds ``key``; its result, or 0."""
    lease = Lease(runtime.db, tenant_id, key, runtime.settings.lease_seconds)
    if not lease.take():
        return 0
    try:
        return work(lease)
    except LeaseLost:
        log.warning("%s took longer than its lease; another worker carries on", key)
        return 0
    finally:
        lease.release()
