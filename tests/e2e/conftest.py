"""App and worker processes on the shared test database, for the sync tests of one module."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import pytest

from tests.support.processes import AppProcess, WorkerProcess, base_env, free_port


@dataclass
class Stack:
    apps: list[AppProcess]
    workers: list[WorkerProcess]
    env: dict = field(repr=False, default_factory=dict)

    @property
    def app(self) -> AppProcess:
        return self.apps[0]

    @property
    def worker(self) -> WorkerProcess:
        return self.workers[0]

    @property
    def base_url(self) -> str:
        return self.app.base_url

    def restart_worker(self, index: int = 0) -> None:
        old = self.workers[index]
        self.workers[index] = WorkerProcess(env=old.env, log_path=old.log_path, threads=old.threads).start()

    def stop(self) -> None:
        for process in [*self.workers, *self.apps]:
            process.stop()


def start_stack(database, install_keys, tmp_path_factory, webs: int = 1, workers: int = 1, **env) -> Stack:
    """``webs`` gunicorn processes behind one base URL would need a balancer; each gets its own port and the
    sites talk to the first, while the others serve the same database (what matters for scale-out)."""
    instance = tmp_path_factory.mktemp("stack")
    shared = dict(base_env(database.url, instance, install_keys.url), **env)
    apps = [AppProcess(env=shared, port=free_port(), log_path=instance / f"app{n}.log").start() for n in range(webs)]
    worker_env = dict(shared, TANDEM_BASE_URL=apps[0].base_url)
    started = [WorkerProcess(env=worker_env, log_path=instance / f"worker{n}.log").start() for n in range(workers)]
    return Stack(apps, started, worker_env)


@contextmanager
def own_stack(database, install_keys, tmp_path_factory, workers: int = 1, **env) -> Iterator[Stack]:
    """``start_stack`` for one test, stopped when it ends."""
    running = start_stack(database, install_keys, tmp_path_factory, workers=workers, **env)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    running = start_stack(database, install_keys, tmp_path_factory)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def forge_stack(database, install_keys, tmp_path_factory, forge):
    """A stack whose Forge door is open to the simulated Forge platform (tests.forgesim)."""
    running = start_stack(database, install_keys, tmp_path_factory, TANDEM_FORGE_APP_ID=forge.app_id,
                          TANDEM_FORGE_JWKS_URL=forge.jwks_url)
    yield running
    running.stop()
