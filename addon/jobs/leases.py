"""Per-issue leases: expiring, so a crashed worker delays an issue but never blocks it.

Every drain takes and releases one, so both are single Core statements built once: through the ORM, composing
and executing them cost the worker more CPU than anything else it did per event.
"""
from __future__ import annotations

from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, delete, update

from addon.db import Database
from addon.db.base import DIALECT_INSERTS, UtcDateTime, utcnow
from addon.db.lease import IssueLease

LEASES = IssueLease.__table__


class LeaseLost(Exception):
    """Another worker took the issue over after our lease expired."""


RELEASE = delete(LEASES).where(LEASES.c.tenant_id == bindparam("tenant_id"),
                               LEASES.c.issue_id == bindparam("issue_id"), LEASES.c.owner == bindparam("owner"))
# Writes nothing new, but locks the lease row (PostgreSQL) or the database (SQLite) until the transaction ends:
# nobody can take the lease over between this check and the commit it guards. (An UPDATE's parameters may not
# be named after its columns.)
STILL_OURS = update(LEASES).where(
    LEASES.c.tenant_id == bindparam("held_tenant_id"), LEASES.c.issue_id == bindparam("held_issue_id"),
    LEASES.c.owner == bindparam("held_by"), LEASES.c.expires_at > bindparam("now", type_=UtcDateTime),
).values(owner=LEASES.c.owner)


def acquire(db: Database, tenant_id: int, issue_key: str, owner: str, seconds: float) -> bool:
    """Takes the lease if nobody holds it, it expired, or it is ours already (then extends it)."""
    now = utcnow()
    values = {"tenant_id": tenant_id, "issue_id": issue_key, "owner": owner,
              "expires_at": now + timedelta(seconds=seconds), "now": now}
    with db.autocommit.connect() as connection:
        return connection.execute(_take(db.engine.dialect.name), values).scalar_one_or_none() is not None


@cache
def _take(dialect: str):
    """Inserts the lease, or takes over the existing row only when that row is expired or ours; RETURNING tells
    whether either happened."""
    row = DIALECT_INSERTS[dialect](LEASES)
    return row.on_conflict_do_update(
        index_elements=[LEASES.c.tenant_id, LEASES.c.issue_id],
        set_={"owner": row.excluded.owner, "expires_at": row.excluded.expires_at},
        where=(LEASES.c.expires_at < bindparam("now", type_=UtcDateTime)) | (LEASES.c.owner == row.excluded.owner),
    ).returning(LEASES.c.owner)


def release(db: Database, tenant_id: int, issue_key: str, owner: str) -> None:
    with db.autocommit.connect() as connection:
        connection.execute(RELEASE, {"tenant_id": tenant_id, "issue_id": issue_key, "owner": owner})


def still_held(session, tenant_id: int, issue_key: str, owner: str) -> bool:
    """Whether ``owner`` still holds the lease, checked inside ``session``'s transaction: a fencing check, so
    that a worker whose lease expired during a slow call writes nothing its successor may write too."""
    values = {"held_tenant_id": tenant_id, "held_issue_id": issue_key, "held_by": owner, "now": utcnow()}
    return session.execute(STILL_OURS, values).rowcount == 1
