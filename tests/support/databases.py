"""The database matrix: SQLite by default, PostgreSQL when TANDEM_TEST_DATABASE_URL says so."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from addon.db import Database

ENV_VAR = "TANDEM_TEST_DATABASE_URL"


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
