"""Atlassian's install-keys CDN: the public keys that sign install and uninstall callbacks."""
from __future__ import annotations

import threading
import time
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from addon.connect.errors import AuthError

# Keys are immutable per kid, so a long cache is safe; unknown kids are not cached,
# so a key published a moment later is still found.
CACHE_SECONDS = 24 * 3600


class InstallKeys:
    def __init__(self, base_url: str, timeout: float, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()
        self._cache: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def public_key(self, kid: str):
        with self._lock:
            cached = self._cache.get(kid)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        key = self._fetch(kid)
        with self._lock:
            self._cache[kid] = (time.monotonic() + CACHE_SECONDS, key)
        return key

    def _fetch(self, kid: str):
        url = f"{self.base_url}/{quote(kid, safe='')}"
        try:
            response = self._session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            raise AuthError(f"the install signing key {kid!r} could not be fetched: {exc.__class__.__name__}") from exc
        if response.status_code != 200:
            raise AuthError(f"unknown install signing key {kid!r} (key server answered {response.status_code})")
        try:
            return load_pem_public_key(response.content)
        except ValueError as exc:
            raise AuthError(f"the install signing key {kid!r} is not a PEM public key") from exc
