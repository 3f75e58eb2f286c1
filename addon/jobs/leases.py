"""Per-issue leases: expiring, so a crashed worker delays an issue but never blocks it."""
from __future__ import annotations

from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite

from addon.db import Database
from addon.db.base import UtcDateTime, utcnow
from addon.db.lease import IssueLease

UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
LEASE_COLUMNS = ("tenant_id", "issue_id", "owner", "expires_at")


def acquire(db: Database, tenant_id: int, issue_key: str, owner: str, seconds: float) -> bool:
    """Takes the lease if nobody holds it, it expired, or it is ours already (then extends it)."""
    now = utcnow()
    values = {"tenant_id": tenant_id, "issue_id": issue_key, "owner": owner,
              "expires_at": now + timedelta(seconds=seconds), "now": now}
    with db.session() as session:
        return session.execute(_take(db.engine.dialect.name), values).scalar_one_or_none() is not None


@cache
def _take(dialect: str):
    """One statement, which every drain runs at least once: insert the lease, or take over the existing row
    only when that row is expired or ours; RETURNING tells whether either happened. Built once per dialect."""
    row = UPSERTS[dialect](IssueLease).values({column: bindparam(column) for column in LEASE_COLUMNS})
    return row.on_conflict_do_update(
        index_elements=[IssueLease.tenant_id, IssueLease.issue_id],
        set_={"owner": row.excluded.owner, "expires_at": row.excluded.expires_at},
        where=(IssueLease.expires_at < bindparam("now", type_=UtcDateTime)) | (IssueLease.owner == row.excluded.owner),
    ).returning(IssueLease.owner)


def release(db: Database, tenant_id: int, issue_key: str, owner: str) -> None:
    with db.session() as session:
        session.execute(delete(IssueLease).where(IssueLease.tenant_id == tenant_id,
                                                 IssueLease.issue_id == issue_key, IssueLease.owner == owner))
