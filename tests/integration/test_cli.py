"""The ``tandem`` command: db upgrade creates the schema; serve runs web and worker together."""
from __future__ import annotations

import os
import signal
import subprocess

import requests
from sqlalchemy import create_engine, inspect

from tests.support.polling import eventually
from tests.support.processes import BIN, REPO, free_port, wait_until_healthy


def cli_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DATABASE_URL"))}
    env.update(TANDEM_INSTANCE_DIR=str(tmp_path), **extra)
    return env


def test_db_upgrade_creates_the_schema_and_is_repeatable(tmp_path):
    for _ in range(2):
        result = subprocess.run([str(BIN / "tandem"), "db", "upgrade"], env=cli_env(tmp_path), cwd=REPO,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    tables = inspect(create_engine(f"sqlite:///{tmp_path / 'tandem.db'}")).get_table_names()
    assert {"tenants", "inbox_events", "alembic_version"} <= set(tables)


def test_production_without_a_secret_key_stops_with_a_clear_message(tmp_path):
    result = subprocess.run([str(BIN / "tandem"), "db", "upgrade"], env=cli_env(tmp_path, TANDEM_ENV="production"),
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TANDEM_SECRET_KEY is not set" in result.stderr


def test_serve_answers_the_descriptor_and_runs_a_worker(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = cli_env(tmp_path, TANDEM_BASE_URL=f"http://127.0.0.1:{port}")
    with open(log, "wb") as out:
        process = subprocess.Popen([str(BIN / "tandem"), "serve", "--bind", f"127.0.0.1:{port}"], env=env, cwd=REPO,
                                   stdout=out, stderr=out, start_new_session=True)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/atlassian-connect.json", process, log)
        assert requests.get(f"http://127.0.0.1:{port}/atlassian-connect.json", timeout=5).json()["baseUrl"] == \
            f"http://127.0.0.1:{port}"
        assert eventually(lambda: "Tandem worker" in log.read_text()), log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
