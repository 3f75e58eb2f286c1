"""Invitation codes: how an admin of another site becomes side B of a connection.

A code reads ``tandem1.<base64url of the issuing server's base URL>.<secret>``: the server part lets
the wrong Tandem server say where the code belongs; the secret (256 random bits) is stored only as
its sha256, so a leaked database leaks no usable code. A code is single use and expires.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from addon.connections.errors import BadInput
from addon.db.base import utcnow
from addon.db.connection import Invitation

PREFIX = "tandem1"
SECRET_BYTES = 32
VALIDITY = timedelta(days=7)


@dataclass(frozen=True)
class ParsedCode:
    server_url: str
    secret: str


def new_invitation(connection_id: int, server_url: str) -> tuple[Invitation, str]:
    """The invitation row and its code, which is shown once and never stored."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    code = f"{PREFIX}.{_encode(server_url)}.{secret}"
    invitation = Invitation(connection_id=connection_id, code_hash=secret_hash(secret), server_url=server_url,
                            expires_at=utcnow() + VALIDITY)
    return invitation, code


def parse_code(code: str) -> ParsedCode:
    parts = code.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[2]:
        raise BadInput(f"this is not a Tandem invitation code (they look like {PREFIX}.<server>.<secret>)")
    try:
        server_url = _decode(parts[1])
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadInput("this invitation code is damaged: its server part cannot be read") from error
    return ParsedCode(server_url, parts[2])


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def require_this_server(parsed: ParsedCode, our_base_url: str) -> None:
    if _same_url(parsed.server_url, our_base_url):
        return
    raise BadInput(f"this invitation code was issued by the Tandem server at {parsed.server_url}, not by this one "
                   f"({our_base_url}); redeem it on a site where that server's app is installed")


def expired(invitation: Invitation, now: datetime) -> bool:
    return invitation.expires_at <= now


def _same_url(one: str, other: str) -> bool:
    return one.rstrip("/") == other.rstrip("/")


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
