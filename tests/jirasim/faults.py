"""Fault injection: a slow, flaky, rate-limited or unreachable site, a lagging search, lost or repeated webhooks.

All off by default. Random faults draw from one seeded generator, so a test that makes the same calls
in the same order sees the same faults. REST faults and webhook faults are independent: real Jira
keeps sending webhooks while its REST API is slow or failing.
"""
import random
import re
import threading
from dataclasses import dataclass, field


@dataclass
class InjectedResponse:
    status: int
    headers: dict = field(default_factory=dict)
    body: object = None
    take_effect: bool = False  # the call is carried out first, then its answer is lost


@dataclass
class _Forced:
    response: InjectedResponse
    remaining: int
    method: str | None
    path: re.Pattern | None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (self.path is None or bool(self.path.search(path)))


@dataclass
class _Slowed:
    seconds: float
    remaining: int
    method: str | None
    path: re.Pattern | None

    matches = _Forced.matches


def _error_body(message: str) -> dict:
    return {"errorMessages": [message], "errors": {}}


class Faults:
    def __init__(self, seed: int = 0):
        self.latency = 0.0  # seconds added to every REST call
        self.error_rate = 0.0  # probability that a REST call answers 500 without being carried out
        self.down = False  # every REST call answers 503
        self.webhook_drop_rate = 0.0  # probability that a webhook is never sent
        self.webhook_duplicate_rate = 0.0  # probability that a delivered webhook is delivered again
        self.search_lag = 0.0  # seconds before JQL search sees a new issue or a property change (search_index)
        self._random = random.Random(seed)
        self._forced: list[_Forced] = []
        self._slowed: list[_Slowed] = []
        self._drop_next = 0
        self._duplicate_next = 0
        self._lock = threading.Lock()

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random.seed(seed)

    def reset(self) -> None:
        """Everything off again (the seed's sequence goes on)."""
        with self._lock:
            self.latency = self.error_rate = self.webhook_drop_rate = self.webhook_duplicate_rate = 0.0
            self.search_lag = 0.0
            self.down = False
            self._forced.clear()
            self._slowed.clear()
            self._drop_next = self._duplicate_next = 0

    # --- REST ---------------------------------------------------------------------------------

    def force(
        self, status: int, times: int = 1, method: str | None = None, path: str | None = None,
        headers: dict | None = None, body=None, take_effect: bool = False,
    ) -> None:
        """The next ``times`` calls matching ``method`` and ``path`` (a regex searched in the path
        relative to the site) answer ``status``; e.g. ``force(429, headers={"Retry-After": "2"})``.

        ``take_effect``: the call is carried out before its answer is replaced, as when Jira did
        the work and the answer was lost on the way back.
        """
        response = InjectedResponse(status, dict(headers or {}), body or _error_body(f"injected {status}"), take_effect)
        with self._lock:
            self._forced.append(_Forced(response, times, method and method.upper(), path and re.compile(path)))

    def slow_down(self, seconds: float, times: int = 1, method: str | None = None, path: str | None = None) -> None:
        """The next ``times`` calls matching ``method`` and ``path`` are carried out only after ``seconds``, as
        when Jira is stuck on a lock or a slow index: long enough, a call outlives the caller's lease."""
        with self._lock:
            self._slowed.append(_Slowed(seconds, times, method and method.upper(), path and re.compile(path)))

    def delay_for(self, method: str, path: str) -> float:
        """Seconds to hold this call before carrying it out: the latency, plus a slow-down that matches it."""
        with self._lock:
            for slowed in self._slowed:
                if slowed.matches(method, path):
                    slowed.remaining -= 1
                    if slowed.remaining <= 0:
                        self._slowed.remove(slowed)
                    return self.latency + slowed.seconds
        return self.latency

    def for_call(self, method: str, path: str) -> InjectedResponse | None:
        """The injected answer for this call, if any; downtime first, then forced ones, then chance."""
        with self._lock:
            if self.down:
                return InjectedResponse(503, body=_error_body("Service Unavailable"))
            for forced in self._forced:
                if forced.matches(method, path):
                    forced.remaining -= 1
                    if forced.remaining <= 0:
                        self._forced.remove(forced)
                    return forced.response
            if self.error_rate and self._random.random() < self.error_rate:
                return InjectedResponse(500, body=_error_body("Internal server error"))
        return None

    # --- webhooks -----------------------------------------------------------------------------

    def drop_webhooks(self, count: int = 1) -> None:
        with self._lock:
            self._drop_next += count

    def duplicate_webhooks(self, count: int = 1) -> None:
        with self._lock:
            self._duplicate_next += count

    def should_drop_webhook(self) -> bool:
        with self._lock:
            return self._take_next("_drop_next") or self._chance(self.webhook_drop_rate)

    def should_duplicate_webhook(self) -> bool:
        with self._lock:
            return self._take_next("_duplicate_next") or self._chance(self.webhook_duplicate_rate)

    def _take_next(self, counter: str) -> bool:
        if getattr(self, counter) > 0:
            setattr(self, counter, getattr(self, counter) - 1)
            return True
        return False

    def _chance(self, probability: float) -> bool:
        return bool(probability) and self._random.random() < probability
