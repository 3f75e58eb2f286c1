"""The web process does not test pooled connections before use: when PostgreSQL drops them, webhooks still land."""
from __future__ import annotations

from sqlalchemy import text

from tests.integration.test_webhook_remembered_sites import deliver
from tests.integration.test_webhooks import events_of
from tests.support.processes import AppProcess, base_env, free_port

APPLICATION_NAME = "tandem-dropped-connections"


def test_a_webhook_is_stored_after_the_database_dropped_the_apps_connections(postgres_database, install_keys,
                                                                               make_site, tmp_path):
    # Only a database server can drop connections: PostgreSQL on both legs of the matrix.
    database = postgres_database
    url = f"{database.url}{'&' if '?' in database.url else '?'}application_name={APPLICATION_NAME}"
    app = AppProcess(env=base_env(url, tmp_path, install_keys.url), port=free_port(),
                     log_path=tmp_path / "app.log").start(web_workers=1)
    try:
        site = make_site("dropped")
        assert site.install(app.base_url + "/atlassian-connect.json").status_code == 204
        assert deliver(app, site).status_code == 202
        with database.engine.connect() as connection:
            dropped = connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                              "WHERE application_name = :name"), {"name": APPLICATION_NAME}).scalar()
        assert dropped >= 1
        assert deliver(app, site).status_code == 202
        assert len(events_of(database, site.client_key)) == 2
    finally:
        app.stop()
