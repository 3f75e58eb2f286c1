"""What every benchmark stands on: its own database and queue, the real app and worker processes, installed sites.

The benchmarks never touch the test suite's database (``test``) or Redis database (15): PostgreSQL runs
use the database ``test_h2`` and Redis database 12, SQLite runs a temporary directory.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.jirasim import InstallKeyServer, SimSite
from tests.support.databases import fresh_database
from tests.support.processes import REPO, WorkerProcess, base_env, free_port, stop_process, wait_until_healthy

POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test_h2"
REDIS_QUEUE_URL = "redis://127.0.0.1:6379/12"
FORBIDDEN_DATABASES = ("/test", "/15")  # the test suite's PostgreSQL database and Redis db
WEB_SIZING = ("WEB_CONCURRENCY", "TANDEM_WEB_THREADS")  # read by addon.web.gunicorn


@dataclass
class Storage:
    """The database and queue one benchmark run writes to."""

    kind: str  # "sqlite" or "postgresql"
    database_url: str
    queue_url: str


def prepare_storage(kind: str, workdir: Path) -> Storage:
    """Empty, migrated storage of the kind asked for."""
    if kind == "sqlite":
        storage = Storage(kind, f"sqlite:///{workdir / 'tandem.db'}", f"sqlite:///{workdir / 'queue.db'}")
    elif kind == "postgresql":
        storage = Storage(kind, POSTGRESQL_URL, REDIS_QUEUE_URL)
        redis.Redis.from_url(storage.queue_url).flushdb()
    else:
        raise SystemExit(f"--database must be sqlite or postgresql, not {kind!r}")
    for url in (storage.database_url, storage.queue_url):
        if url.endswith(FORBIDDEN_DATABASES):
            raise SystemExit(f"refusing to benchmark against {url}: the test suite owns it")
    fresh_database(storage.database_url).dispose()
    return storage


@dataclass
class GunicornApp:
    """The web process as the Procfile runs it: gunicorn with Tandem's settings (``addon.web.gunicorn``) and an
    access log."""

    env: dict
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "GunicornApp":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "python:addon.web.gunicorn",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.log_path.with_name("access.log")),
             "addon:create_app()"],
            cwd=REPO, env=dict(self.env, TANDEM_BASE_URL=self.base_url), stdout=log, stderr=log,
        )
        wait_until_healthy(self.base_url + "/healthz", self.process, self.log_path)
        return self

    def stop(self) -> None:
        stop_process(self.process)


class Bench(contextlib.ExitStack):
    """Owns everything a benchmark starts, and stops it all on the way out (also on Ctrl-C)."""

    def __init__(self, kind: str):
        super().__init__()
        # A plain SIGTERM would end Python without unwinding, leaving gunicorn and the workers running.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        self.workdir = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
        self.callback(shutil.rmtree, self.workdir, ignore_errors=True)
        self.storage = prepare_storage(kind, self.workdir)
        self.keys = InstallKeyServer()
        self.callback(self.keys.stop)
        self.env = base_env(self.storage.database_url, self.workdir, self.keys.url)
        # Production's timings, not the tests' short ones; the web process's sizing as the caller's shell sets it.
        self.env.update(TANDEM_QUEUE_URL=self.storage.queue_url, TANDEM_SWEEP_SECONDS="5",
                        TANDEM_LEASE_SECONDS="60", TANDEM_METADATA_CACHE_SECONDS="60",
                        **{name: os.environ[name] for name in WEB_SIZING if name in os.environ})
        self.app: GunicornApp | None = None
        self.workers: list[WorkerProcess] = []

    def start_app(self) -> GunicornApp:
        self.app = GunicornApp(self.env, self.workdir / "app.log").start()
        self.callback(self.app.stop)
        return self.app

    def start_workers(self, count: int, threads: int) -> None:
        env = dict(self.env, TANDEM_BASE_URL=self.app.base_url)
        for number in range(count):
            worker = WorkerProcess(env=env, log_path=self.workdir / f"worker{number}.log", threads=threads).start()
            self.callback(worker.stop)
            self.workers.append(worker)

    def installed_site(self, name: str) -> SimSite:
        # Checking each request against Jira's OpenAPI contract costs the simulator about 8 ms of CPU, and each
        # comment's rich text against the ADF schema about a millisecond, on the machine Tandem is measured on;
        # Jira's own checks run on Atlassian's. The tests check every request.
        site = SimSite(self.keys, name=name, check_contract=False)
        self.callback(site.stop)
        response = site.install(self.app.base_url + "/atlassian-connect.json")
        if response.status_code != 204:
            raise RuntimeError(f"installing into {name} failed: {response.status_code} {response.text}")
        return site
