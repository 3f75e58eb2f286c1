"""The app system tokens Forge hands the remote (``x-forge-oauth-system``), to call Jira as the app.

There is no refresh endpoint: every invocation may bring one, and the hourly scheduled trigger brings one valid
for at least two more hours. The newest (latest ``exp``) is kept per installation, sealed like Connect secrets.
Tandem cannot verify these tokens (Jira does); it only reads when they expire.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt

# A token this close to its end is not used: a call made with it could meet its expiry on the way.
EXPIRY_MARGIN = timedelta(seconds=30)
# Forge may bring a new token with every invocation, each a little longer-lived than the last: one is written
# only when it outlives the kept one by this much, or when the kept one has less than REFRESH_WITHIN left, so a
# busy site costs a write every few minutes, not one per event.
KEEP_STEP = timedelta(minutes=5)
REFRESH_WITHIN = timedelta(minutes=10)


def expiry_of(token: str) -> datetime | None:
    """When the token stops working; None if it is not a JWT with an ``exp``."""
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
    except jwt.PyJWTError:
        return None
    if not isinstance(exp, (int, float)):
        return None
    return datetime.fromtimestamp(exp, tz=timezone.utc)


def worth_keeping(expires_at: datetime, kept: datetime | None, now: datetime) -> bool:
    """Whether a token expiring at ``expires_at`` replaces the one kept (expiring at ``kept``): the newest wins."""
    if kept is None:
        return True
    if expires_at <= kept:
        return False
    return expires_at - kept >= KEEP_STEP or kept - now < REFRESH_WITHIN


def usable(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at - EXPIRY_MARGIN > now
