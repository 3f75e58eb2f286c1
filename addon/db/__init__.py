"""Database access: one engine per process, short sessions, Alembic migrations."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event as sa_event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class Database:
    def __init__(self, url: str, pre_ping: bool = True):
        """``pre_ping``: test each pooled connection with a round trip before use (see ``make_engine``)."""
        self.url = url
        self.engine = make_engine(url, pre_ping)
        # For single statements, atomic by themselves: without BEGIN and COMMIT around it, a statement is one
        # round trip instead of three. Shares the engine's pool.
        self.autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def upgrade(self) -> tuple[str | None, str | None]:
        """Brings the schema to the newest revision: the revisions before and after (None: no schema).

        Alembic's own INFO lines, the same on every start, are left out; the caller says what changed.
        """
        with _alembic_quiet():
            from alembic import command  # importing it logs a line per plugin

            before = self._revision()
            command.upgrade(alembic_config(self.url), "head")
            return before, self._revision()

    def _revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _alembic_quiet() -> Iterator[None]:
    logger = logging.getLogger("alembic")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def make_engine(url: str, pre_ping: bool = True) -> Engine:
    """Without ``pre_ping``, the first statement on a connection the server dropped fails (and the pool then
    renews every connection it holds) instead of each checkout paying a round trip to find out."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=pre_ping, pool_size=10, max_overflow=20,
                         connect_args=_connect_timeout(url))


def _connect_timeout(url: str) -> dict:
    return {"connect_timeout": 5} if "psycopg" in url else {}


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @sa_event.listens_for(engine, "connect")
    def _tune(dbapi_connection, _record):
        # WAL lets the web process write the inbox while a worker reads it.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine
