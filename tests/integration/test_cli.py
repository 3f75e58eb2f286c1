"""The ``tandem`` command: db upgrade creates the schema; serve runs web and worker together."""
from __future__ import annotations

import os
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests
from sqlalchemy import create_engine, inspect

from tests.support.polling import eventually
from tests.support.processes import BIN, REPO, free_port, wait_until_healthy


def cli_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DATABASE_URL"))}
    env.update(TANDEM_INSTANCE_DIR=str(tmp_path), **extra)
    return env


def test_db_upgrade_creates_the_schema_and_is_repeatable_saying_what_it_did_in_one_line(tmp_path):
    said = []
    for _ in range(2):
        result = subprocess.run([str(BIN / "tandem"), "db", "upgrade"], env=cli_env(tmp_path), cwd=REPO,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        said.append(result.stderr)
    tables = inspect(create_engine(f"sqlite:///{tmp_path / 'tandem.db'}")).get_table_names()
    assert {"tenants", "inbox_events", "alembic_version"} <= set(tables)
    assert "database schema upgraded from revision none (a new database) to " in said[0]
    assert "database schema is up to date (revision " in said[1]
    assert not [line for line in "".join(said).splitlines() if "alembic" in line], "Alembic's INFO lines are left out"


def test_production_without_a_secret_key_stops_with_a_clear_message(tmp_path):
    result = subprocess.run([str(BIN / "tandem"), "db", "upgrade"], env=cli_env(tmp_path, TANDEM_ENV="production"),
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TANDEM_SECRET_KEY is not set" in result.stderr


@contextmanager
def serving(instance: Path, **extra) -> Iterator[tuple[str, Path]]:
    """``tandem serve`` on a free port of 127.0.0.1 until the block ends: its URL and its log."""
    instance.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), instance / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(BIN / "tandem"), "serve", "--bind", f"127.0.0.1:{port}", "--web-workers", "1"],
                                   env=cli_env(instance, **extra), cwd=REPO, stdout=out, stderr=out,
                                   start_new_session=True)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/atlassian-connect.json", process, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def descriptor_of(url: str) -> dict:
    return requests.get(url + "/atlassian-connect.json", timeout=5).json()


def test_serve_answers_the_descriptor_and_runs_a_worker(tmp_path):
    with serving(tmp_path, TANDEM_BASE_URL="https://tandem.example.com") as (url, log):
        assert descriptor_of(url)["baseUrl"] == "https://tandem.example.com"
        assert eventually(lambda: "Tandem worker" in log.read_text()), log.read_text()


def test_serve_without_a_base_url_announces_where_it_listens_and_says_so(tmp_path):
    with serving(tmp_path) as (url, log):
        assert descriptor_of(url)["baseUrl"] == url
        assert f"TANDEM_BASE_URL is not set: the descriptor announces {url}" in log.read_text()


def test_two_servers_with_one_home_both_serve_and_open_no_control_socket(tmp_path):
    """gunicorn 25.1+ opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every master of the user:
    two deployments on one host (or a test run beside one) would take each other's socket."""
    home = tmp_path / "home"
    home.mkdir()
    with serving(tmp_path / "one", HOME=str(home), XDG_RUNTIME_DIR="") as (first, _), \
            serving(tmp_path / "two", HOME=str(home), XDG_RUNTIME_DIR="") as (second, _):
        assert descriptor_of(first)["baseUrl"] == first and descriptor_of(second)["baseUrl"] == second
        assert list(home.rglob("*")) == []


def test_serve_stopped_while_starting_leaves_no_worker_behind(tmp_path):
    """A stop (SIGTERM) that comes before gunicorn has taken over the signals must still stop the worker that
    serve has already started: an orphaned worker would go on draining the database with nobody to stop it."""
    process = subprocess.Popen([str(BIN / "tandem"), "serve", "--bind", f"127.0.0.1:{free_port()}"],
                               env=cli_env(tmp_path), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        assert eventually(lambda: children_of(process.pid), timeout=30), "serve started no worker"
        process.terminate()
        process.wait(timeout=60)  # serve itself waits up to 30 s for its worker to stop
        assert eventually(lambda: not processes_serving(tmp_path), timeout=30), processes_serving(tmp_path)
    finally:
        for pid in processes_serving(tmp_path):
            os.kill(pid, signal.SIGKILL)


def children_of(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()]


def processes_serving(instance: Path) -> list[int]:
    """The processes whose environment names this instance directory (serve, its worker, gunicorn's)."""
    marker = f"TANDEM_INSTANCE_DIR={instance}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found
