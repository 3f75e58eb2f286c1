"""Webhook delivery the way Jira Cloud does it: JWT-signed POSTs, redelivered when they fail.

A delivery that gets 408, 409, 425, 429, a 5xx or no answer at all is sent again with the same
``X-Atlassian-Webhook-Identifier`` and ``X-Atlassian-Webhook-Retry: N``. ``faults`` may lose a
webhook (never sent) or deliver an accepted one again, as Jira's at-least-once delivery can.
"""
import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable

import requests

from .faults import Faults

DELIVERY_TIMEOUT_SECONDS = 10
RETRIED_STATUSES = frozenset({408, 409, 425, 429})
USER_AGENT = "Atlassian Webhook HTTP Client"
# "To trace the origin of a webhook, Connect apps can attach the additional X-Atlassian-Webhook-Trace HTTP header
# with any value consisting of a string of up to 1024 printable ASCII characters to a REST API request": the
# webhooks that request causes carry it back.
TRACE_HEADER = "X-Atlassian-Webhook-Trace"


@dataclass(frozen=True)
class _Message:
    event: str
    url: str
    relative_url: str
    body: bytes
    trace: str | None = None


def _should_retry(status: int | None) -> bool:
    return status is None or status >= 500 or status in RETRIED_STATUSES


class WebhookSender:
    def __init__(
        self,
        session: requests.Session,
        sign: Callable[[str], str],
        faults: Faults,
        attempts: int = 5,
        retry_delay: float = 0.05,
    ):
        """``sign(relative_url)`` mints the JWT for one attempt; ``attempts`` counts the first one."""
        self._session = session
        self._sign = sign
        self._faults = faults
        self.attempts = attempts
        self.retry_delay = retry_delay
        # One dict per attempt: event, identifier, attempt (0 = first delivery, N = N-th retry),
        # status (None: no answer, e.g. connection refused or timeout), url and seconds (until the answer came).
        self.deliveries: list[dict] = []
        self.dropped: list[dict] = []  # event and identifier of each webhook lost by a fault
        # What Jira lists at GET /rest/api/3/webhook/failed: deliveries that ran out of retries.
        self.failed: list[dict] = []
        self._messages: dict[str, _Message] = {}
        self._lock = threading.Lock()

    def send(self, event: str, url: str, relative_url: str, payload: dict, identifier: str | None = None,
             trace: str | None = None):
        """Delivers until accepted or out of attempts; the last response (None if none came). ``trace``: sent
        as X-Atlassian-Webhook-Trace, on every attempt."""
        identifier = identifier or str(uuid.uuid4())
        message = _Message(event, url, relative_url, json.dumps(payload).encode(), trace)
        with self._lock:
            self._messages[identifier] = message
        if self._faults.should_drop_webhook():
            with self._lock:
                self.dropped.append({"event": event, "identifier": identifier})
            return None
        response = self._deliver(identifier, message, first_attempt=0)
        if response is not None and response.ok and self._faults.should_duplicate_webhook():
            response = self.redeliver(identifier)
        return response

    def redeliver(self, identifier: str):
        """Sends a past (or lost) message again, same identifier, numbered after its last attempt."""
        with self._lock:
            message = self._messages[identifier]
            attempts = [d["attempt"] for d in self.deliveries if d["identifier"] == identifier]
        return self._deliver(identifier, message, first_attempt=max(attempts, default=-1) + 1)

    def _deliver(self, identifier: str, message: _Message, first_attempt: int):
        response = None
        for attempt in range(first_attempt, first_attempt + self.attempts):
            if attempt > first_attempt:
                time.sleep(self.retry_delay)
            started = time.monotonic()
            response = self._post(identifier, message, attempt)
            status = response.status_code if response is not None else None
            with self._lock:
                self.deliveries.append(
                    {"event": message.event, "identifier": identifier, "attempt": attempt, "status": status,
                     "url": message.url, "seconds": time.monotonic() - started}
                )
            if not _should_retry(status):
                return response
        self._record_failure(identifier, message)
        return response

    def _record_failure(self, identifier: str, message: _Message) -> None:
        with self._lock:
            self.failed.append({"id": identifier, "body": message.body.decode(), "url": message.url,
                                "failureTime": int(time.time() * 1000)})

    def failed_since(self, after_ms: int, limit: int) -> list[dict]:
        with self._lock:
            return [entry for entry in self.failed if entry["failureTime"] > after_ms][:limit]

    def _post(self, identifier: str, message: _Message, attempt: int) -> requests.Response | None:
        headers = {
            "Authorization": f"JWT {self._sign(message.relative_url)}",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Atlassian-Webhook-Identifier": identifier,
        }
        if attempt:
            headers["X-Atlassian-Webhook-Retry"] = str(attempt)
        if message.trace is not None:
            headers[TRACE_HEADER] = message.trace
        try:
            return self._session.post(message.url, data=message.body, headers=headers, timeout=DELIVERY_TIMEOUT_SECONDS)
        except (requests.ConnectionError, requests.Timeout):
            return None
