"""Jira sends webhooks after the change, not within it: one delivery thread per site, in change order.

Changes queue their webhooks while holding the site's lock, so the queue's order is the order of
the changes. A REST call answers without waiting for them (as in Jira); the test helpers wait
(:meth:`flush`), so a test sees the webhooks of what it just did.
"""
import logging
import queue
import threading
from typing import Callable

_STOP = object()
log = logging.getLogger(__name__)


class WebhookOutbox:
    def __init__(self, deliver: Callable[..., object]):
        """``deliver(event, payload)`` sends one webhook to every subscribed URL; it is given ``trace=`` as well
        for a webhook queued with one."""
        self._deliver = deliver
        # Called at once, in the changing thread, for each webhook queued, with its trace: another door's delivery
        # (tests.forgesim) sees the changes in their order, and can tell what the request that made them carried.
        self.observers: list[Callable[[str, dict, str | None], None]] = []
        self._queue: queue.Queue = queue.Queue()
        self._condition = threading.Condition()
        self._queued = 0
        self._done = 0
        self._thread = threading.Thread(target=self._run, name="jirasim-webhooks", daemon=True)
        self._thread.start()

    def put(self, event: str, payload: dict, trace: str | None = None) -> None:
        """``trace``: the X-Atlassian-Webhook-Trace of the REST call that caused the change, if any."""
        for observe in self.observers:
            observe(event, payload, trace)
        with self._condition:
            self._queued += 1
        self._queue.put((event, payload, trace))

    def flush(self, timeout: float = 60.0) -> None:
        """Waits until every webhook queued so far has been delivered (or given up on)."""
        with self._condition:
            target = self._queued
            if not self._condition.wait_for(lambda: self._done >= target, timeout):
                raise TimeoutError(f"webhooks still undelivered after {timeout} s")

    def stop(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while (item := self._queue.get()) is not _STOP:
            event, payload, trace = item
            try:
                self._deliver(event, payload, **({"trace": trace} if trace is not None else {}))
            except Exception:  # one broken delivery must not end the thread, and so all later ones
                log.exception("webhook %s could not be delivered", item[0])
            finally:
                with self._condition:
                    self._done += 1
                    self._condition.notify_all()
