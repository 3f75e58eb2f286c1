"""Tenant secrets at rest: Fernet-encrypted, never stored in the clear."""
from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    def __init__(self, key: bytes):
        self._fernet = Fernet(key)

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise RuntimeError("a tenant secret cannot be decrypted: TANDEM_SECRET_KEY changed?") from exc
