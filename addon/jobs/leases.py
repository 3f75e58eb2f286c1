"""Leases: expiring holds on a key of ``issue_leases`` (an issue, a connection's periodic work, the copying of a
root), so a crashed worker delays the work but never blocks it.

Every drain takes and releases one, so both are single Core statements built once: through the ORM, composing
and executing them cost the worker more CPU than anything else it did per event.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, delete, event as sa_event, exists, select, update
from sqlalchemy.orm import Session

from addon.db import Database
from addon.db.base import DIALECT_INSERTS, UtcDateTime, utcnow
from addon.db.lease import IssueLease

log = logging.getLogger(__name__)

LEASES = IssueLease.__table__
POLL_SECONDS = 0.05
FENCED_BY = "tandem.fenced_by"  # in Session.info: the lease a session's commits must still hold
# In Session.info: the transaction in which a fenced statement (``Lease.execute_fenced``) found the lease ours and locked
# it, so that its commit needs no fencing check of its own.
FENCE_HELD = "tandem.fence_held"


class LeaseLost(Exception):
    """Another worker took the work over after our lease expired."""


class Lease:
    """One worker's hold on ``key`` of a site. Taken at once (``take``) or waited for (``wait``); kept by renewing
    it between steps (``keep``) or by a heartbeat while a step of unknown length runs (``kept_alive``); and a
    session whose commits first check that it is still held (``fenced_session``), so that a worker that stalled
    past its lease writes nothing its successor may write too."""

    def __init__(self, db: Database, tenant_id: int, key: str, seconds: float):
        self.db, self.tenant_id, self.key, self.seconds = db, tenant_id, key, seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._taken_at = 0.0

    def take(self) -> bool:
        """Takes the lease if nobody holds it, it expired, or it is ours (then renews it)."""
        taken = acquire(self.db, self.tenant_id, self.key, self.owner, self.seconds)
        self._taken_at = time.monotonic()
        return taken

    def wait(self, timeout: float) -> bool:
        """Takes the lease, waiting up to ``timeout`` for its holder to release it."""
        deadline = time.monotonic() + timeout
        while not self.take():
            if time.monotonic() > deadline:
                return False
            time.sleep(POLL_SECONDS)
        return True

    def keep(self) -> None:
        """Called between two steps of the work; renews once half the lease has passed."""
        if time.monotonic() - self._taken_at >= self.seconds / 2 and not self.take():
            raise LeaseLost(self.key)

    @contextmanager
    def kept_alive(self):
        """Renewed by a heartbeat every third of the lease while the block runs, however long a call takes."""
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(stop,), name=f"lease-{self.key}", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()

    def _beat(self, stop: threading.Event) -> None:
        while not stop.wait(self.seconds / 3):
            try:
                if not self.take():
                    return  # taken over: the fencing check stops our writes
            except Exception:
                log.warning("could not renew the lease %s; trying again", self.key, exc_info=True)

    @contextmanager
    def fenced_session(self):
        """A session each of whose commits first checks that the lease is still ours (else LeaseLost)."""
        with self.db.session() as session:
            session.info[FENCED_BY] = self
            yield session

    def fence(self, session) -> None:
        if not still_held(session, self.tenant_id, self.key, self.owner):
            raise LeaseLost(self.key)

    def execute_fenced(self, session, statement, values: dict) -> None:
        """Executes ``statement``, an UPDATE made conditional on ``HELD`` (``fenced``) that changes at least one
        row while the lease is ours: it raises LeaseLost when it changed none, and spares the commit that
        follows its own fencing check (the statement locked the lease's row as that check would)."""
        if session.execute(statement, {**values, **self._held()}).rowcount == 0:
            raise LeaseLost(self.key)
        session.info[FENCE_HELD] = session.get_transaction()

    def _held(self) -> dict:
        return _held_values(self.tenant_id, self.key, self.owner)

    def release(self) -> None:
        release(self.db, self.tenant_id, self.key, self.owner)

    def release_if_possible(self) -> None:
        try:
            self.release()
        except Exception:
            log.warning("could not release the lease %s; it expires by itself", self.key, exc_info=True)


@sa_event.listens_for(Session, "before_commit")
def _check_fence(session: Session) -> None:
    # One listener for every session: listening on each session of the drain cost more than the check itself.
    lease = session.info.get(FENCED_BY)
    if lease is not None and session.info.pop(FENCE_HELD, None) is not session.get_transaction():
        lease.fence(session)


RELEASE = delete(LEASES).where(LEASES.c.tenant_id == bindparam("tenant_id"),
                               LEASES.c.issue_id == bindparam("issue_id"), LEASES.c.owner == bindparam("owner"))
# Writes nothing new, but locks the lease row (PostgreSQL) or the database (SQLite) until the transaction ends:
# nobody can take the lease over between this check and the commit it guards. (An UPDATE's parameters may not
# be named after its columns.)
_HELD_ROW = (LEASES.c.tenant_id == bindparam("held_tenant_id"), LEASES.c.issue_id == bindparam("held_issue_id"),
             LEASES.c.owner == bindparam("held_by"), LEASES.c.expires_at > bindparam("now", type_=UtcDateTime))
STILL_OURS = update(LEASES).where(*_HELD_ROW).values(owner=LEASES.c.owner)
# The same check as a condition of another UPDATE (``Lease.execute_fenced``): the row locked the same way (FOR
# UPDATE on PostgreSQL; on SQLite the UPDATE itself holds the database's write lock), one statement fewer.
HELD = exists(select(LEASES.c.owner).where(*_HELD_ROW).with_for_update())


def fenced(statement):
    """``statement`` (an UPDATE) changing rows only while the lease is ours, for ``Lease.execute_fenced``."""
    return statement.where(HELD)


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
    return session.execute(STILL_OURS, _held_values(tenant_id, issue_key, owner)).rowcount == 1


def _held_values(tenant_id: int, issue_key: str, owner: str) -> dict:
    """The parameters of ``_HELD_ROW``."""
    return {"held_tenant_id": tenant_id, "held_issue_id": issue_key, "held_by": owner, "now": utcnow()}
