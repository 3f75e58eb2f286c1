"""Running Tandem's real processes (gunicorn web, Huey worker) for end-to-end tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Every process a test started, so that the session can stop those a failing test left running: a stray worker
# would otherwise go on sweeping the shared PostgreSQL database under the tests that follow.
_STARTED: list[subprocess.Popen] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppProcess:
    """A gunicorn process serving ``addon:create_app()`` on 127.0.0.1."""

    env: dict
    port: int
    script_name: str = ""
    log_path: Path | None = None
    # The URL Jira is told (TANDEM_BASE_URL) when it is not this process's own, e.g. a balancer in front.
    public_url: str | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def local_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.script_name}"

    @property
    def base_url(self) -> str:
        return self.public_url or self.local_url

    @property
    def access_log_path(self) -> Path:
        return self.log_path.with_name(self.log_path.stem + ".access.log")

    def start(self, web_workers: int = 2) -> "AppProcess":
        self.start_without_waiting(web_workers)
        wait_until_healthy(self.local_url + "/healthz", self.process, self.log_path)
        return self

    def start_without_waiting(self, web_workers: int = 2) -> None:
        """Run as the Procfile does: Tandem's gunicorn settings (addon.web.gunicorn), with an access log."""
        env = dict(self.env, TANDEM_BASE_URL=self.base_url, WEB_CONCURRENCY=str(web_workers))
        if self.script_name:
            env["SCRIPT_NAME"] = self.script_name
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        access_log = ["--access-logfile", str(self.access_log_path)] if self.log_path else []
        self.process = _spawn(
            [str(BIN / "gunicorn"), "--config", "python:addon.web.gunicorn", "--bind", f"127.0.0.1:{self.port}",
             *access_log, "addon:create_app()"],
            env=env, log=log,
        )

    def stop(self) -> None:
        stop_process(self.process)


def _spawn(command: list[str], env: dict, log) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
    _STARTED.append(process)
    return process


def stop_every_process_left() -> None:
    while _STARTED:
        stop_process(_STARTED.pop())


def stop_process(process: subprocess.Popen | None) -> None:
    """SIGTERM, then SIGKILL if the process has not ended within 15 s."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path | None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}; see {log_path}:\n{_tail(log_path)}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy in {timeout} s; see {log_path}:\n{_tail(log_path)}")


def _tail(path: Path | None) -> str:
    if not path or not path.exists():
        return ""
    return path.read_text(errors="replace")[-3000:]


# One key for every process of a test session, as in production: each decrypts what another stored.
SESSION_SECRET_KEY = Fernet.generate_key().decode()


def base_env(database_url: str, instance_dir: Path, keys_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DATABASE_URL", "SCRIPT_NAME"))}
    env.update(
        DATABASE_URL=database_url,
        TANDEM_SECRET_KEY=SESSION_SECRET_KEY,
        # The stacks of one session share the Redis database, never a queue: each has its own name.
        TANDEM_QUEUE_NAME=f"tandem-{instance_dir.name}-{os.getpid()}",
        TANDEM_INSTANCE_DIR=str(instance_dir),
        TANDEM_INSTALL_KEYS_URL=keys_url,
        TANDEM_ALLOWED_SITE_HOSTS="127.0.0.1,localhost",
        TANDEM_QUEUE_URL=os.environ.get("TANDEM_TEST_QUEUE_URL") or f"sqlite:///{instance_dir / 'queue.db'}",
        PYTHONUNBUFFERED="1",
        # Short enough that crash recovery shows within a test, long enough not to busy-loop.
        TANDEM_SWEEP_SECONDS="0.5",
        TANDEM_LEASE_SECONDS="15",
        TANDEM_METADATA_CACHE_SECONDS="30",
        TANDEM_BACKOFF_CAP_SECONDS="2",
    )
    return env


@dataclass
class WorkerProcess:
    """A ``tandem worker`` process sharing an app process's environment (database, queue, secret key)."""

    env: dict
    log_path: Path | None = None
    threads: int = 4
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> "WorkerProcess":
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = _spawn([str(BIN / "tandem"), "worker", "--threads", str(self.threads)], env=self.env, log=log)
        return self

    def kill(self) -> None:
        """SIGKILL: the crash a worker must survive without losing or duplicating anything."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        stop_process(self.process)
