"""The keys Forge signs invocation tokens with, published as a JWKS (``/.well-known/jwks.json``).

Forge rotates its keys: :meth:`SigningKeys.rotate` adds a key and makes it the one that signs, the old ones
stay published until :meth:`retire`; a kid never published can still be named over a real signature, so tests
can present an unknown kid.
"""
import json
import threading
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class SigningKeys:
    def __init__(self):
        self._private = {}
        self._published: list[str] = []
        self._lock = threading.Lock()
        self.current_kid = self.rotate()

    def rotate(self) -> str:
        """A new published key, which signs from now on; returns its kid."""
        kid = f"forge/invocation-token/{uuid.uuid4()}"
        with self._lock:
            self._private[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self._published.append(kid)
        self.current_kid = kid
        return kid

    def retire(self, kid: str) -> None:
        """No longer published: tokens it signed fail to verify once the app refetches the JWKS."""
        with self._lock:
            self._published.remove(kid)

    def unpublished_key(self) -> str:
        """A key that signs but is never published: its tokens carry an unknown kid."""
        kid = f"forge/invocation-token/{uuid.uuid4()}"
        with self._lock:
            self._private[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    def sign(self, claims: dict, kid: str | None = None) -> str:
        kid = kid or self.current_kid
        return jwt.encode(claims, self._private[kid], algorithm="RS256", headers={"kid": kid})

    def forged(self, claims: dict) -> str:
        """Names the current kid over another key's signature: a token whose signature does not verify."""
        impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(claims, impostor, algorithm="RS256", headers={"kid": self.current_kid})

    def jwks(self) -> str:
        with self._lock:
            keys = [_public_jwk(kid, self._private[kid]) for kid in self._published]
        return json.dumps({"keys": keys})


def _public_jwk(kid: str, private_key) -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}
