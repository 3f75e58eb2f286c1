"""An app process and a worker process on the shared test database, for one module of sync tests."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.support.processes import AppProcess, WorkerProcess, base_env, free_port


@dataclass
class Stack:
    app: AppProcess
    worker: WorkerProcess

    @property
    def base_url(self) -> str:
        return self.app.base_url


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory):
    instance = tmp_path_factory.mktemp("stack")
    env = base_env(database.url, instance, install_keys.url)
    app = AppProcess(env=env, port=free_port(), log_path=instance / "app.log").start()
    worker = WorkerProcess(env=dict(env, TANDEM_BASE_URL=app.base_url), log_path=instance / "worker.log").start()
    yield Stack(app, worker)
    worker.stop()
    app.stop()
