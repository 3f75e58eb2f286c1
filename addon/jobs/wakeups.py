"""Waking the workers for stored events: from one thread of the web process, in batches.

A webhook's answer waits for its event to be stored, not for the queue: the inbox is the record, and an event
whose wake-up is lost (the queue away, the process killed in between) is found by the workers' sweep. Taking
the queue's round trip out of the request, and pushing what gathered meanwhile in one command, saves about a
sixth (17 %) of the web process's CPU per webhook (docs/performance.md).
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from typing import Callable, Iterable

from huey.api import Huey
from huey.storage import RedisStorage

log = logging.getLogger(__name__)

IssueKey = tuple[int, "str | None"]

# Long enough that the webhooks of a busy moment share one push, short beside a worker's first Jira call.
LINGER_SECONDS = 0.025


class DrainWakeups:
    """Enqueues one drain per issue woken since the last push, from a thread of this process's own."""

    def __init__(self, push: Callable[[list[IssueKey]], None], linger_seconds: float = LINGER_SECONDS):
        self._push = push
        self._linger_seconds = linger_seconds
        self._start_afresh()
        # A thread does not survive fork, and a lock held by another thread at that moment never opens in the child;
        # what the parent had gathered is the parent's to push.
        os.register_at_fork(after_in_child=self._start_afresh)
        atexit.register(self.flush)

    def _start_afresh(self) -> None:
        # An ordered set: an issue woken twice before the push is drained once, and the oldest goes first.
        self._woken: dict[IssueKey, None] = {}
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self, tenant_id: int, issue_id: str | None) -> None:
        with self._lock:
            self._woken[(tenant_id, issue_id)] = None
            self._start_thread_once()
        self._wanted.set()

    def flush(self) -> None:
        """Push what is waiting now, in the caller's thread."""
        with self._lock:
            woken, self._woken = list(self._woken), {}
        if woken:
            try:
                self._push(woken)
            except Exception:
                log.exception("could not enqueue %d drain(s); the sweep will pick them up", len(woken))

    def _start_thread_once(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tandem-wakeups", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            time.sleep(self._linger_seconds)
            self._wanted.clear()
            self.flush()


def drain_pusher(huey: Huey, drain_task) -> Callable[[list[IssueKey]], None]:
    """Enqueue ``drain_task`` for each issue; on Redis in one LPUSH, where Huey's own enqueue sends one each."""

    def push(keys: Iterable[IssueKey]) -> None:
        messages = [huey.serialize_task(drain_task.s(tenant_id, issue_id)) for tenant_id, issue_id in keys]
        storage = huey.storage
        if type(storage).enqueue is RedisStorage.enqueue:
            storage.conn.lpush(storage.queue_key, *messages)
        else:
            for message in messages:
                storage.enqueue(message)

    return push
