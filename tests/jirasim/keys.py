"""The install-keys CDN (https://connect-install-keys.atlassian.com) that signs install callbacks.

Jira signs ``installed`` / ``uninstalled`` callbacks with RS256 and names the key in the JWT
header ``kid``; the app fetches the public key as PEM from ``GET {keys url}/{kid}``.
"""
import threading
import time
import uuid
from collections import Counter

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.wrappers import Request, Response

from .serving import BackgroundServer


class InstallKeyServer:
    def __init__(self):
        self._private_keys = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.hits_by_kid: Counter[str] = Counter()
        # Hostile: how long each answer takes, as a slow or overloaded CDN would.
        self.delay_seconds = 0.0
        self.default_kid = self.add_key()
        self._server = BackgroundServer(self._wsgi_app)
        self.url = self._server.url

    def add_key(self) -> str:
        """Generates a new key pair and returns its kid (the default key stays the default)."""
        kid = str(uuid.uuid4())
        self._private_keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    def public_key_pem(self, kid: str) -> str:
        public_key = self._private_keys[kid].public_key()
        return public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def sign(self, claims: dict, kid: str | None = None, headers: dict | None = None) -> str:
        """RS256 token naming ``kid`` (default: the default key) in its header.

        It is signed with that kid's key; a kid this server does not know is still named, over the
        default key's signature, so tests can present an unknown kid. ``headers`` are merged over
        ``{"kid": kid}``.
        """
        kid = kid or self.default_kid
        private_key = self._private_keys.get(kid, self._private_keys[self.default_kid])
        return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": kid, **(headers or {})})

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @Request.application
    def _wsgi_app(self, request: Request) -> Response:
        kid = request.path.strip("/")
        with self._lock:
            self.hits += 1
            self.hits_by_kid[kid] += 1
        time.sleep(self.delay_seconds)
        if request.method != "GET" or kid not in self._private_keys:
            return Response("Not Found", status=404, mimetype="text/plain")
        return Response(self.public_key_pem(kid), mimetype="text/plain")
