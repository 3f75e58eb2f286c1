"""Webhook ingest: how many signed Jira webhooks the web process acknowledges per second, and how fast.

    .venv/bin/python bench/ingest.py [--database sqlite|postgresql] [--seconds N] [--concurrency C]

gunicorn runs the real app with its production settings (``addon.web.gunicorn``) on its own database; a
simulated site installs the app the way Jira does. wrk, on 127.0.0.1, then sends webhooks as Jira does:
an HS256 JWT with the qsh of ``POST /webhooks/jira``, Atlassian's headers, a unique
X-Atlassian-Webhook-Identifier each, over 1,000 issues. No worker runs: this measures acknowledging.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

from sqlalchemy import func, select  # noqa: E402

from addon.db import Database  # noqa: E402
from addon.db.inbox import InboxEvent  # noqa: E402
from addon.web import gunicorn as gunicorn_settings  # noqa: E402
from bench.cpu import PostgresBackends, tree_cpu_seconds  # noqa: E402
from bench.stack import Bench  # noqa: E402
from tests.support.tokens import claims, hs256  # noqa: E402

WEBHOOK_PATH = "/webhooks/jira"
LUA_SCRIPT = Path(__file__).with_name("webhooks.lua")
TOKENS = 64  # distinct JWTs, as Jira mints one per delivery
WARM_UP_SECONDS = 3


def main() -> None:
    args = _arguments()
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("bench/ingest.py needs wrk: apt-get install wrk (bench/run installs it)")
    with Bench(args.database) as bench:
        app = bench.start_app()
        site = bench.installed_site("ingest")
        body = _webhook_body(site, bench.storage.database_url)
        files = _write_inputs(bench.workdir, site, body, args.seconds)
        _run_wrk(wrk, app.base_url, files, WARM_UP_SECONDS, args.concurrency, "warm-up")
        run_id = uuid.uuid4().hex[:12]
        cpu = CpuMeter(app.process.pid, bench.storage)
        figures = _run_wrk(wrk, app.base_url, files, args.seconds, args.concurrency, run_id)
        figures.update(cpu.used())
        stored = _stored(bench.storage.database_url, run_id)
        _report(args, figures, stored, len(body))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=20, help="length of the measured run (default 20)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections kept busy (default 16)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 600 or not 1 <= args.concurrency <= 256:
        parser.error("--seconds must be 1-600 and --concurrency 1-256")
    return args


def _webhook_body(site, database_url: str) -> bytes:
    """A real ``jira:issue_created`` body, as the simulated site sent it, with the issue id left open."""
    site.add_project("ING", "Ingest")
    site.create_issue("ING", "Task", "A realistic webhook", description="Its body is what Jira sends.")
    database = Database(database_url)
    with database.session() as session:
        payload = json.loads(session.scalars(select(InboxEvent.payload)).one())
    database.dispose()
    payload["issue"]["id"] = "__ISSUE_ID__"
    return json.dumps(payload).encode()


def _write_inputs(workdir: Path, site, body: bytes, seconds: int) -> dict[str, Path]:
    now = int(time.time())
    lifetime = max(180, seconds + WARM_UP_SECONDS + 60)  # Jira's 3 minutes, or long enough for the run
    tokens = [hs256(site.shared_secret, claims(site.client_key, "POST", WEBHOOK_PATH, iat=now - n, exp=now + lifetime))
              for n in range(TOKENS)]
    files = {"tokens": workdir / "tokens.txt", "body": workdir / "body.json"}
    files["tokens"].write_text("\n".join(tokens) + "\n")
    files["body"].write_bytes(body)
    return files


def _run_wrk(wrk: str, base_url: str, files: dict[str, Path], seconds: int, concurrency: int, run_id: str) -> dict:
    command = [wrk, "--threads", "1", "--connections", str(concurrency), "--duration", f"{seconds}s",
               "--timeout", "10s", "--script", str(LUA_SCRIPT), base_url + WEBHOOK_PATH,
               "--", str(files["tokens"]), str(files["body"]), run_id]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


class CpuMeter:
    """CPU the app's processes (and PostgreSQL's, for that database) use from now on, and the machine's load."""

    def __init__(self, app_pid: int, storage):
        self._app_pid = app_pid
        self._postgres = PostgresBackends(storage.database_url) if storage.kind == "postgresql" else None
        self._load = os.getloadavg()[0]
        self._app = tree_cpu_seconds(app_pid)
        self._backends = self._postgres.cpu_seconds() if self._postgres else {}

    def used(self) -> dict:
        used = {"app_cpu_seconds": tree_cpu_seconds(self._app_pid) - self._app, "load": self._load}
        if self._postgres:
            used["postgres_cpu_seconds"] = self._postgres.used_between(self._backends, self._postgres.cpu_seconds())
        return used


def _stored(database_url: str, run_id: str) -> int:
    database = Database(database_url)
    with database.session() as session:
        count = session.scalar(select(func.count()).where(InboxEvent.webhook_identifier.like(f"{run_id}-%")))
    database.dispose()
    return count


def _report(args, figures: dict, stored: int, body_bytes: int) -> None:
    seconds = figures["duration_us"] / 1e6
    settings = gunicorn_settings
    print(f"ingest on {args.database}: {args.seconds} s, {args.concurrency} connections, "
          f"{body_bytes / 1024:.1f} KiB bodies; gunicorn {settings.worker_class} x{settings.workers}"
          f"{f' ({settings.threads} threads)' if settings.threads > 1 else ''}")
    print(f"  acknowledged (202): {figures['accepted']}  = {figures['accepted'] / seconds:,.0f} webhooks/s")
    print(f"  refused (non-202):  {figures['refused']}, socket errors: {figures['socket_errors']}")
    handled = max(figures["responses"], 1)
    postgres = (f", PostgreSQL backends {figures['postgres_cpu_seconds'] / handled * 1e6:.0f} us"
                if "postgres_cpu_seconds" in figures else "")
    print(f"  CPU per webhook: app {figures['app_cpu_seconds'] / handled * 1e6:.0f} us{postgres} "
          f"(load average {figures['load']:.2f} at the start)")
    print("  latency: p50 {:.1f} ms, p90 {:.1f} ms, p99 {:.1f} ms, p99.9 {:.1f} ms, max {:.1f} ms".format(
        *(figures[key] / 1000 for key in ("p50_us", "p90_us", "p99_us", "p999_us", "max_us"))))
    # wrk stops counting at the deadline: up to one request per connection was still in flight, and stored.
    in_flight = stored - figures["accepted"]
    verdict = (f"every acknowledged webhook, and {in_flight} in flight at the deadline"
               if 0 <= in_flight <= args.concurrency else "MISMATCH with the acknowledged count")
    print(f"  stored in the inbox: {stored} ({verdict})")


if __name__ == "__main__":
    main()
