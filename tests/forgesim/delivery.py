"""Forge's delivery of events and triggers to a remote: a POST with a FIT, retried when it fails.

An event the remote does not accept (no answer within the 5 s timeout, or not a 2xx) is sent again up to 4
times, 60 s apart in Forge (``retry_delay`` here, so tests need not wait). Forge may deliver late (``delay``).
Each attempt carries a fresh FIT and, when the endpoint asks for one, the installation's newest app system token.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Callable

import requests

TIMEOUT_SECONDS = 5
RETRIES = 4
RETRY_DELAY_SECONDS = 60.0


class Delivery:
    def __init__(self, retry_delay: float = RETRY_DELAY_SECONDS, retries: int = RETRIES):
        self.retry_delay = retry_delay
        self.retries = retries
        self.delay = 0.0  # seconds each event waits before its first attempt
        # One dict per attempt: route, eventType, attempt (0 = first), status (None: no answer in time).
        self.attempts: list[dict] = []
        self._session = requests.Session()
        self._session.trust_env = False
        self._lock = threading.Lock()

    def post(self, url: str, body: dict, headers: Callable[[], dict], retried: bool = True):
        """Delivers until a 2xx, out of attempts (``retried``) or after one attempt; the last response."""
        if self.delay:
            time.sleep(self.delay)
        data = json.dumps(body)
        response = None
        for attempt in range(1 + (self.retries if retried else 0)):
            if attempt:
                time.sleep(self.retry_delay)
            response = self._attempt(url, data, headers())
            with self._lock:
                self.attempts.append({"url": url, "eventType": body.get("eventType"), "attempt": attempt,
                                      "status": response.status_code if response is not None else None})
            if response is not None and response.ok:
                break
        return response

    def _attempt(self, url: str, data: str, headers: dict):
        try:
            return self._session.post(url, data=data, timeout=TIMEOUT_SECONDS,
                                      headers={"Content-Type": "application/json", **headers})
        except (requests.ConnectionError, requests.Timeout):
            return None

    def close(self) -> None:
        self._session.close()
