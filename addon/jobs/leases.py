"""Per-issue leases: expiring, so a crashed worker delays an issue but never blocks it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from addon.db import Database
from addon.db.base import utcnow
from addon.db.lease import IssueLease


def acquire(db: Database, tenant_id: int, issue_key: str, owner: str, seconds: float) -> bool:
    now = utcnow()
    expires = now + timedelta(seconds=seconds)
    with db.session() as session:
        taken_over = session.execute(
            update(IssueLease)
            .where(IssueLease.tenant_id == tenant_id, IssueLease.issue_id == issue_key,
                   (IssueLease.expires_at < now) | (IssueLease.owner == owner))
            .values(owner=owner, expires_at=expires)
        ).rowcount
    if taken_over:
        return True
    try:
        with db.session() as session:
            session.add(IssueLease(tenant_id=tenant_id, issue_id=issue_key, owner=owner, expires_at=expires))
    except IntegrityError:
        return False  # someone else holds a live lease
    return True


def release(db: Database, tenant_id: int, issue_key: str, owner: str) -> None:
    with db.session() as session:
        session.execute(delete(IssueLease).where(IssueLease.tenant_id == tenant_id,
                                                 IssueLease.issue_id == issue_key, IssueLease.owner == owner))
