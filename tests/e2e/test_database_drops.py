"""Workers do not test pooled connections before use either: when PostgreSQL drops them, syncing carries on."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.e2e.conftest import start_stack
from tests.support import scenarios
from tests.support.settle import failed_events, forget_unfinished, settle

APPLICATION_NAME = "tandem-dropped-by-the-database"


@pytest.fixture
def stack(postgres_database, install_keys, tmp_path_factory):
    # Only a database server can drop connections: PostgreSQL on both legs of the matrix.
    url = postgres_database.url
    url = f"{url}{'&' if '?' in url else '?'}application_name={APPLICATION_NAME}"
    running = start_stack(postgres_database, install_keys, tmp_path_factory, DATABASE_URL=url)
    yield running
    running.stop()


def test_a_worker_carries_on_after_the_database_dropped_its_connections(stack, postgres_database, make_site):
    database = postgres_database
    pc = scenarios.power_customer(stack.base_url, make_site)
    try:
        pc.customer.create_issue("CUS", "Task", "Before the drop")
        settle(database, pc.sites)
        assert _drop_connections(database) >= 1

        pc.customer.create_issue("CUS", "Task", "After the drop")
        settle(database, pc.sites)
        summaries = sorted(issue["fields"]["summary"] for issue in pc.support.issues("SUP"))
        assert summaries == ["After the drop", "Before the drop"]
        assert failed_events(database, pc.sites) == []
    finally:
        forget_unfinished(database, pc.sites)


def _drop_connections(database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE application_name = :name"), {"name": APPLICATION_NAME}).scalar()
