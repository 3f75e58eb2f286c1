"""Forge's public keys (a JWKS), fetched with a timeout and kept by kid.

Keys are immutable per kid, so a known kid is never fetched again, and never waits for a fetch. An unknown kid
makes one fresh fetch (Forge publishes a new key before it signs with it: a rotation is found at once), but not
more often than every ``REFETCH_SECONDS`` per process and one at a time, so tokens naming made-up kids can neither
make us hammer the CDN nor hold more than one web thread. While a fetch is under way, or when the last one failed,
an unknown kid cannot be judged: 503, retryable (Forge retries its events), not 401.
"""
from __future__ import annotations

import logging
import threading
import time

import jwt
import requests

from addon.connect.errors import AuthError, KeyServerUnavailable

log = logging.getLogger(__name__)
REFETCH_SECONDS = 1.0


class ForgeKeys:
    def __init__(self, url: str, timeout: float, session: requests.Session | None = None):
        self.url = url
        self.timeout = timeout
        self._session = session or requests.Session()
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")
        self._fetching = False
        self._last_fetch_failed = False
        self._lock = threading.Lock()

    def public_key(self, kid: str):
        with self._lock:
            key = self._keys.get(kid)
            fetch_now = key is None and not self._fetching and time.monotonic() - self._fetched_at >= REFETCH_SECONDS
            self._fetching = self._fetching or fetch_now
            busy, failed = self._fetching and not fetch_now, self._last_fetch_failed
        if key is not None:
            return key
        if fetch_now:
            return self._fetch_for(kid)
        if busy or failed:
            raise KeyServerUnavailable("Forge's signing keys cannot be read right now; please retry")
        raise AuthError(f"the token's key {kid!r} is not one Forge publishes")

    def _fetch_for(self, kid: str):
        """The fetch, outside the lock: the other threads go on with the keys already known."""
        fetched = None
        try:
            fetched = self._fetch()
        finally:
            with self._lock:
                self._keys.update(fetched or {})
                self._fetched_at, self._fetching, self._last_fetch_failed = time.monotonic(), False, fetched is None
                key = self._keys.get(kid)
        if fetched is None:
            raise KeyServerUnavailable("Forge's signing keys could not be fetched; please retry")
        if key is None:
            raise AuthError(f"the token's key {kid!r} is not one Forge publishes")
        return key

    def _fetch(self) -> dict[str, object] | None:
        """The published keys by kid; None when they could not be read."""
        try:
            response = self._session.get(self.url, timeout=self.timeout)
            response.raise_for_status()
            published = response.json()["keys"]
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            log.warning("Forge's keys could not be fetched from %s: %s", self.url, exc.__class__.__name__)
            return None
        keys = {}
        for jwk in published if isinstance(published, list) else []:
            try:
                if jwk.get("kty") == "RSA" and jwk.get("kid"):
                    keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
            except (jwt.PyJWTError, AttributeError):
                log.warning("Forge published a key Tandem cannot read: %s", jwk.get("kid") if isinstance(jwk, dict)
                            else jwk)
        return keys
