"""Crafting Connect tokens in tests, to present the app with real signed (and mis-signed) requests."""
from __future__ import annotations

import time

import jwt
from atlassian_jwt.url_utils import hash_url


def claims(iss: str, method: str, relative_url: str, lifetime: int = 180, **overrides) -> dict:
    now = int(time.time())
    values = {"iss": iss, "iat": now, "exp": now + lifetime, "qsh": hash_url(method, relative_url)}
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def hs256(secret: str, payload: dict) -> str:
    return jwt.encode(payload, secret, algorithm="HS256")


def unsigned(payload: dict) -> str:
    return jwt.encode(payload, None, algorithm="none")
