"""The worker process: a Huey consumer draining the queue."""
from __future__ import annotations

import logging

from addon.config import Settings
from addon.jobs.queue import build_huey

log = logging.getLogger(__name__)


def run_worker(settings: Settings, threads: int) -> None:
    huey = build_huey(settings)
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=True, check_worker_health=True)
    log.info("Tandem worker: %d threads on %s", threads, settings.queue_url.split("@")[-1])
    consumer.run()
