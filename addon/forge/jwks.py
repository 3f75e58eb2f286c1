"""Forge's public keys (a JWKS), fetched with a timeout and kept by kid.

Keys are immutable per kid, so a known kid is never fetched again. An unknown kid makes one fresh fetch (Forge
publishes a new key before it signs with it: a rotation is found at once), but not more often than every
``REFETCH_SECONDS`` per process, so tokens naming made-up kids cannot make us hammer the CDN.
"""
from __future__ import annotations

import logging
import threading
import time

import jwt
import requests

from addon.connect.errors import AuthError

log = logging.getLogger(__name__)
REFETCH_SECONDS = 1.0


class ForgeKeys:
    def __init__(self, url: str, timeout: float, session: requests.Session | None = None):
        self.url = url
        self.timeout = timeout
        self._session = session or requests.Session()
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def public_key(self, kid: str):
        with self._lock:
            key = self._keys.get(kid)
            if key is None and time.monotonic() - self._fetched_at >= REFETCH_SECONDS:
                self._keys.update(self._fetch())
                self._fetched_at = time.monotonic()
                key = self._keys.get(kid)
        if key is None:
            raise AuthError(f"the token's key {kid!r} is not one Forge publishes")
        return key

    def _fetch(self) -> dict[str, object]:
        try:
            response = self._session.get(self.url, timeout=self.timeout)
            response.raise_for_status()
            published = response.json()["keys"]
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            log.warning("Forge's keys could not be fetched from %s: %s", self.url, exc.__class__.__name__)
            return {}
        keys = {}
        for jwk in published if isinstance(published, list) else []:
            try:
                if jwk.get("kty") == "RSA" and jwk.get("kid"):
                    keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
            except (jwt.PyJWTError, AttributeError):
                log.warning("Forge published a key Tandem cannot read: %s", jwk.get("kid") if isinstance(jwk, dict)
                            else jwk)
        return keys
