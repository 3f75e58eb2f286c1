"""The inbox: every received webhook, stored once, before it is acknowledged."""
from __future__ import annotations

import hashlib
import json
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable

from sqlalchemy import bindparam, exists, select, true
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Insert

from addon.db import Database
from addon.db.base import DIALECT_INSERTS, utcnow
from addon.db.inbox import DONE, PENDING, InboxEvent
from addon.db.tenant import Tenant

_SQLITE_WRITES = threading.Lock()
STORED_COLUMNS = ("tenant_id", "webhook_identifier", "event_type", "issue_id", "payload", "received_at", "status",
                  "attempts", "processed_at", "note")


@dataclass(frozen=True)
class StoredEvent:
    id: int
    tenant_id: int
    issue_id: str | None
    # Stored as done: nothing to process.
    done: bool = False


def fallback_identifier(raw: bytes) -> str:
    """Jira always sends an identifier; if one is ever missing, identical bodies still dedupe."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def issue_id_of(payload: dict) -> str | None:
    issue = payload.get("issue")
    if isinstance(issue, dict) and issue.get("id") is not None:
        return str(issue["id"])
    return None


def record_event(db: Database, tenant_id: int, identifier: str, payload: dict, sealed_secret: str | None = None,
                 done_note: str | None = None, as_received: str | None = None) -> StoredEvent | None:
    """Store the event; None when this delivery was stored before (a redelivery).

    ``done_note``: the event needs no processing (addon.sync.needless); it is stored as done, with this note.
    ``as_received``: the body ``payload`` was parsed from, stored as it is instead of serialising it again.

    One statement, committed on its own: at a thousand webhooks a second every round trip to the
    database counts. With ``sealed_secret`` (the tenant's secret as stored, that the webhook was
    verified with) the row is written only while the tenant is installed, enabled and still has that
    very secret, and has not opened its Forge door since, in the same statement: a caller that verified with a
    cached secret can never store a webhook of a site that meanwhile uninstalled, disabled or reinstalled Tandem,
    or installed its Forge app (whose events then carry the site's changes). None then means that
    too, and the caller must look again.
    """
    received_at = utcnow()
    values = {
        "tenant_id": tenant_id, "webhook_identifier": identifier, "event_type": str(payload["webhookEvent"]),
        "issue_id": issue_id_of(payload), "payload": as_received or json.dumps(payload, separators=(",", ":")),
        "received_at": received_at, "status": PENDING if done_note is None else DONE, "attempts": 0,
        "processed_at": None if done_note is None else received_at, "note": done_note, "sealed_secret": sealed_secret,
    }
    statement = _driver_statement(db.engine.dialect, guarded=sealed_secret is not None)
    event_id = _insert(db, statement, values)
    if event_id is None:
        return None
    return StoredEvent(event_id, tenant_id, values["issue_id"], done=done_note is not None)


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled once for one dialect, run on the driver's own connection.

    SQLAlchemy's execution layer (connection, result, event hooks) cost as much CPU as the driver itself for
    this one INSERT: half the web process's time per webhook. Values pass the same type conversions.
    """

    sql: str
    # For a positional paramstyle (SQLite's qmark), the order of the values; None for named ones.
    positions: tuple[str, ...] | None
    conversions: dict[str, Callable]

    def parameters(self, values: dict) -> dict | tuple:
        converted = {**values, **{name: convert(values[name]) for name, convert in self.conversions.items()}}
        return converted if self.positions is None else tuple(converted[name] for name in self.positions)


@lru_cache(maxsize=16)
def _driver_statement(dialect: Dialect, guarded: bool) -> DriverStatement:
    compiled = _insert_once(dialect.name, guarded).compile(dialect=dialect)
    conversions = {name: convert for name, bind in compiled.binds.items()
                   if (convert := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
    return DriverStatement(compiled.string, tuple(compiled.positiontup) if compiled.positional else None,
                           conversions)


def _insert(db: Database, statement: DriverStatement, values: dict) -> int | None:
    for attempt in (1, 2):
        try:
            with _one_writer_at_a_time(db):
                return _execute_autocommit(db, statement, values)
        except DBAPIError as error:
            # The web process does not test pooled connections before use (addon.web.app): one the database
            # dropped fails here, the pool renews them all, and a second try tells that from an outage.
            # Trying twice is safe: the INSERT does nothing for an identifier already stored.
            if attempt == 2 or not error.connection_invalidated:
                raise


def _execute_autocommit(db: Database, statement: DriverStatement, values: dict) -> int | None:
    """The statement on a pooled driver connection, committed by itself; errors as SQLAlchemy raises them."""
    dialect = db.engine.dialect
    try:
        pooled = db.engine.raw_connection()
    except dialect.loaded_dbapi.Error as error:
        raise _wrapped(error, statement, dialect, invalidated=False) from error
    try:
        return _first_column(pooled.driver_connection, dialect, statement, values)
    except dialect.loaded_dbapi.Error as error:
        dropped = dialect.is_disconnect(error, pooled.driver_connection, None)
        if dropped:
            _renew_pool(db, pooled, error)
        raise _wrapped(error, statement, dialect, invalidated=dropped) from error
    finally:
        pooled.close()


def _first_column(connection, dialect: Dialect, statement: DriverStatement, values: dict):
    # psycopg prepares a statement on the server once a connection ran it a few times.
    dialect.set_isolation_level(connection, "AUTOCOMMIT")
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(statement.sql, statement.parameters(values))
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        dialect.reset_isolation_level(connection)
    return row[0] if row is not None else None


def _renew_pool(db: Database, pooled, error: Exception) -> None:
    # The database dropped this connection, and most likely every other one it served: the pool opens new
    # ones (as SQLAlchemy's own execution layer does on a disconnect), so the retry does not meet a dead one.
    pooled.invalidate(error)
    db.engine.dispose()


def _wrapped(error: Exception, statement: DriverStatement, dialect: Dialect, invalidated: bool) -> DBAPIError:
    # The values stay out of the message: they hold the tenant's sealed secret.
    return DBAPIError.instance(statement.sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True,
                               connection_invalidated=invalidated, dialect=dialect)


def _one_writer_at_a_time(db: Database):
    # SQLite lets one writer in at a time and makes the others nap until the lock is free, up to 100 ms a nap:
    # with many threads that is the tail latency. Threads of one process queue here instead, in order.
    return _SQLITE_WRITES if db.engine.dialect.name == "sqlite" else nullcontext()


@cache
def _insert_once(dialect: str, guarded: bool) -> Insert:
    """INSERT ... SELECT <values> [WHERE the tenant is still as verified] ON CONFLICT DO NOTHING RETURNING id."""
    columns = InboxEvent.__table__.c
    row = select(*(bindparam(name, type_=columns[name].type) for name in STORED_COLUMNS))
    if guarded:
        row = row.where(exists().where(Tenant.id == bindparam("tenant_id"), Tenant.installed.is_(True),
                                       Tenant.enabled.is_(True), Tenant.forge_installation_id.is_(None),
                                       Tenant.shared_secret_encrypted == bindparam("sealed_secret")))
    else:
        row = row.where(true())  # SQLite parses "INSERT ... SELECT ... ON CONFLICT" only after a WHERE
    return (DIALECT_INSERTS[dialect](InboxEvent).from_select(list(STORED_COLUMNS), row)
            .on_conflict_do_nothing(index_elements=["tenant_id", "webhook_identifier"])
            .returning(InboxEvent.id))
