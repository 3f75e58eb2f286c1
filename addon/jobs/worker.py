"""The worker process: a Huey consumer draining the queue, and a sweep that re-enqueues stalled issues."""
from __future__ import annotations

import logging
import threading
import time

from addon.config import Settings
from addon.runtime import build_runtime
from addon.jobs.tasks import sweep

log = logging.getLogger(__name__)


def run_worker(settings: Settings, threads: int) -> None:
    # Without a round trip to test each pooled connection: a job that meets one the database dropped fails, the
    # pool renews them all, and the sweep enqueues the issue again within seconds.
    runtime = build_runtime(settings, pre_ping=False)
    consumer = runtime.huey.create_consumer(workers=threads, worker_type="thread", periodic=False,
                                            check_worker_health=True)
    threading.Thread(target=_sweep_forever, args=(runtime,), name="tandem-sweep", daemon=True).start()
    log.info("Tandem worker: %d threads on %s", threads, settings.queue_url.split("@")[-1])
    consumer.run()


def _sweep_forever(runtime) -> None:
    stop = threading.Event()
    next_reconcile = time.monotonic() + runtime.settings.reconcile_seconds
    while not stop.wait(runtime.settings.sweep_seconds):
        try:
            count = sweep(runtime)
            if time.monotonic() >= next_reconcile:
                runtime.tasks.reconcile()
                next_reconcile = time.monotonic() + runtime.settings.reconcile_seconds
        except Exception:  # the sweep must outlive a database or queue blip; the next round tries again
            log.exception("sweep failed")
            continue
        if count:
            log.info("sweep re-enqueued %d issue(s)", count)
