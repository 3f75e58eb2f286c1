"""Atlassian's install-keys CDN: the public keys that sign install and uninstall callbacks.

Anyone can send an install naming a key id, so fetching keys is bounded: a kid the server does not know is
remembered briefly, and only a few fetches run at once per process; a request beyond them is told to retry
instead of holding a web thread for the fetch's timeout.
"""
from __future__ import annotations

import re
import threading
import time
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from addon.connect.errors import AuthError, KeyServerUnavailable

# Keys are immutable per kid, so a long cache is safe.
CACHE_SECONDS = 24 * 3600
# An unknown kid is asked again after this long, so a key published a moment later is still found.
UNKNOWN_KID_SECONDS = 30.0
# Unknown kids remembered at most; a flood of fresh ones is bounded by the fetch slots instead.
UNKNOWN_KIDS_KEPT = 1024
FETCH_SLOTS = 2
# Atlassian's kids are short tokens (UUIDs); anything else is refused without a fetch.
KID_FORMAT = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")


class InstallKeys:
    def __init__(self, base_url: str, timeout: float, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()
        self._cache: dict[str, tuple[float, object]] = {}
        self._unknown: dict[str, float] = {}
        self._lock = threading.Lock()
        self._fetch_slots = threading.BoundedSemaphore(FETCH_SLOTS)

    def public_key(self, kid: str):
        if not KID_FORMAT.match(kid):
            raise AuthError("the install JWT's kid is not a key id Atlassian publishes")
        with self._lock:
            cached = self._cache.get(kid)
            unknown_until = self._unknown.get(kid, 0.0)
        now = time.monotonic()
        if cached and cached[0] > now:
            return cached[1]
        if unknown_until > now:
            raise AuthError(f"unknown install signing key {kid!r}")
        key = self._fetch_in_a_slot(kid)
        with self._lock:
            self._cache[kid] = (time.monotonic() + CACHE_SECONDS, key)
        return key

    def _fetch_in_a_slot(self, kid: str):
        if not self._fetch_slots.acquire(blocking=False):
            raise KeyServerUnavailable("Tandem is busy fetching install signing keys; please retry")
        try:
            return self._fetch(kid)
        except AuthError:
            self._remember_unknown(kid)
            raise
        finally:
            self._fetch_slots.release()

    def _remember_unknown(self, kid: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._unknown) >= UNKNOWN_KIDS_KEPT:
                self._unknown = {known: until for known, until in self._unknown.items() if until > now}
            if len(self._unknown) < UNKNOWN_KIDS_KEPT:
                self._unknown[kid] = now + UNKNOWN_KID_SECONDS

    def _fetch(self, kid: str):
        url = f"{self.base_url}/{quote(kid, safe='')}"
        try:
            response = self._session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            raise KeyServerUnavailable(
                f"the install signing key {kid!r} could not be fetched ({exc.__class__.__name__}); please retry"
            ) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise KeyServerUnavailable(f"the install key server answered {response.status_code}; please retry")
        if response.status_code != 200:
            raise AuthError(f"unknown install signing key {kid!r} (key server answered {response.status_code})")
        try:
            return load_pem_public_key(response.content)
        except ValueError as exc:
            raise AuthError(f"the install signing key {kid!r} is not a PEM public key") from exc
