"""A per-process cache whose entries expire: what Jira says of a site is read again after a while."""
from __future__ import annotations

import threading
import time
from typing import Callable, Hashable


class TtlCache:
    def __init__(self, ttl_seconds: float):
        self._ttl = ttl_seconds
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, read: Callable[[], object]):
        """The value kept under ``key``, or ``read()``'s, kept from now on (reads run outside the lock)."""
        with self._lock:
            cached = self._entries.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        value = read()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self._ttl, value)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)
