"""The database matrix: SQLite by default, PostgreSQL when TANDEM_TEST_DATABASE_URL says so."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from addon.db import Database

ENV_VAR = "TANDEM_TEST_DATABASE_URL"
# Scale-out and database-outage tests need PostgreSQL whatever the leg of the matrix.
POSTGRES_ENV_VAR = "TANDEM_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_ENV_VAR = "TANDEM_TEST_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
# Set by scripts/test --sqlite-only: the tests that need PostgreSQL or Redis on every leg are left out.
SQLITE_ONLY_ENV_VAR = "TANDEM_TEST_SQLITE_ONLY"


def test_database_url(tmp_dir: Path) -> str:
    return os.environ.get(ENV_VAR) or f"sqlite:///{tmp_dir / 'tandem.db'}"


def fresh_database(url: str) -> Database:
    """An empty, fully migrated database. Refuses loudly rather than skip the matrix."""
    db = Database(url)
    try:
        db.ping()
    except Exception as exc:
        raise RuntimeError(f"the test database {url} is unreachable ({exc}); start it or unset {ENV_VAR}") from exc
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    db.upgrade()
    return db


def postgres_url() -> str:
    configured = os.environ.get(ENV_VAR, "")
    return configured if configured.startswith("postgresql") else os.environ.get(POSTGRES_ENV_VAR, DEFAULT_POSTGRES_URL)


def redis_url() -> str:
    return os.environ.get(REDIS_ENV_VAR) or os.environ.get("TANDEM_TEST_QUEUE_URL") or DEFAULT_REDIS_URL
