"""End to end: a sustained stream of changes on one site, carried to its twin on another, with Jira's latency.

    .venv/bin/python bench/end_to_end.py [--database postgresql|sqlite] [--rate 50] [--issues 100]
        [--seconds 60] [--api-latency 0.1] [--scenario power_customer|basic] [--workers 2] [--threads 16]

Two simulated sites answer every REST call after ``--api-latency`` seconds; the app (gunicorn) and
``tandem worker`` processes run for real, and the connection is set up through the settings API. After
``--issues`` issues are created and synced, people change them at ``--rate`` changes a second (field
edits and comments, alternately, round robin over the issues) for ``--seconds``. Printed: the backlog
(pending inbox events) every second, and the time from a webhook being accepted (stored in the inbox) to
its event being done (the twin written), per kind of change.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

from sqlalchemy import func, select  # noqa: E402

from addon.db import Database  # noqa: E402
from addon.db.base import utcnow  # noqa: E402
from addon.db.inbox import DONE, PENDING, InboxEvent  # noqa: E402
from addon.db.tenant import Tenant  # noqa: E402
from bench.connected import SCENARIOS, SOURCE_KEY, connect_two_sites  # noqa: E402
from bench.cpu import tree_cpu_seconds  # noqa: E402
from bench.stack import Bench  # noqa: E402
from bench.stats import percentiles  # noqa: E402

SETUP_TIMEOUT = 300.0
PEOPLE = 8  # threads making the changes
# The web process stores a webhook that carries nothing as done on arrival (addon.sync.needless).
STORED_DONE = ((InboxEvent.status == DONE) & (InboxEvent.attempts == 0)
               & (InboxEvent.processed_at == InboxEvent.received_at))


def main() -> None:
    args = _arguments()
    with Bench(args.database) as bench:
        bench.start_app()
        connected = connect_two_sites(bench, args.scenario)
        bench.start_workers(args.workers, args.threads)
        database = Database(bench.storage.database_url)
        bench.callback(database.dispose)
        for site in connected.sites:
            site.faults.latency = args.api_latency
        print(f"end to end, {args.scenario} on {args.database}: {args.workers} worker(s) x {args.threads} threads, "
              f"{args.api_latency * 1000:.0f} ms per Jira call; creating {args.issues} issues", flush=True)
        keys = _create_issues(connected, args.issues)
        drained_in = wait_until_drained(database, SETUP_TIMEOUT)
        print(f"  {args.issues} issues created and synced ({drained_in:.1f} s after the last one); "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        backlog = BacklogSampler(database)
        calls_before = [len(site.requests) for site in connected.sites]
        cpu = ProcessCpu(bench)
        started = utcnow()
        backlog.start()
        made = _stream_changes(connected, keys, args.rate, args.seconds)
        drain_seconds = wait_until_drained(database, args.drain_timeout)
        backlog.stop()
        calls = [len(site.requests) - before for site, before in zip(connected.sites, calls_before)]
        _report(args, database, connected, started, made, drain_seconds, calls)
        print(f"  CPU seconds from the first change until the backlog was empty: {cpu.used()}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="power_customer")
    parser.add_argument("--rate", type=float, default=50.0, help="changes per second (default 50)")
    parser.add_argument("--issues", type=int, default=100, help="issues the changes go round (default 100)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the stream (default 60)")
    parser.add_argument("--api-latency", type=float, default=0.1, help="seconds per Jira REST call (default 0.1)")
    parser.add_argument("--workers", type=int, default=3, help="tandem worker processes (default 3)")
    parser.add_argument("--threads", type=int, default=6, help="threads per worker (default 6)")
    parser.add_argument("--drain-timeout", type=float, default=300.0, help="seconds allowed to empty the backlog")
    args = parser.parse_args()
    if not (0 < args.rate <= 500 and 1 <= args.issues <= 10_000 and 1 <= args.seconds <= 3600
            and 1 <= args.workers <= 8 and 1 <= args.threads <= 64):
        parser.error("out of bounds: rate 0-500, issues 1-10000, seconds 1-3600, workers 1-8, threads 1-64")
    return args


def _create_issues(connected, count: int) -> list[str]:
    return [connected.source.create_issue(SOURCE_KEY, connected.issue_type, f"Issue {n}",
                                          description=f"Description of issue {n}")["key"]
            for n in range(count)]


def _stream_changes(connected, keys: list[str], rate: float, seconds: int) -> dict[str, float]:
    """Field edits and comments, alternately, on a fixed schedule.

    A person's change returns once Jira delivered its webhooks; a few people work at once, so that one
    slow delivery does not hold up the schedule (each issue is changed only every len(keys) / rate s).
    """
    count = int(rate * seconds)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=PEOPLE, thread_name_prefix="person") as people:
        for n in range(count):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            people.submit(_change, connected.source, keys[n % len(keys)], n)
    return {"field edit": (count + 1) // 2, "comment": count // 2, "seconds": time.monotonic() - start}


def _change(source, key: str, n: int) -> None:
    if n % 2 == 0:
        source.update_issue(key, summary=f"{key} edited, change {n}")
    else:
        source.add_comment(key, f"Comment {n} on {key}")


def pending_events(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).where(InboxEvent.status == PENDING))


def wait_until_drained(database: Database, timeout: float) -> float:
    start = time.monotonic()
    while pending_events(database):
        if time.monotonic() - start > timeout:
            raise SystemExit(f"the backlog did not drain within {timeout:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - start


class BacklogSampler(threading.Thread):
    """Prints the pending inbox events once a second, while the stream runs and until the backlog is gone."""

    def __init__(self, database: Database):
        super().__init__(name="backlog-sampler", daemon=True)
        self._database = database
        self._stopping = threading.Event()
        self.samples: list[int] = []

    def run(self) -> None:
        print("  backlog (pending inbox events), one sample a second:", flush=True)
        start = time.monotonic()
        while not self._stopping.is_set():
            self.samples.append(pending_events(self._database))
            print(f"    t={time.monotonic() - start:5.1f} s  pending {self.samples[-1]}", flush=True)
            self._stopping.wait(1.0)

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def change_latencies(database: Database, tenant_id: int, since: datetime) -> dict[str, list[float]]:
    """Seconds from accepted to done, per kind of change, for the events a worker processed on the site where
    changes were made."""
    with database.session() as session:
        rows = session.execute(select(InboxEvent.event_type, InboxEvent.received_at, InboxEvent.processed_at)
                               .where(InboxEvent.tenant_id == tenant_id, InboxEvent.received_at >= since,
                                      InboxEvent.status == DONE, ~STORED_DONE)).all()
    kinds: dict[str, list[float]] = {}
    for event_type, received, processed in rows:
        kinds.setdefault(_kind(event_type), []).append((processed - received).total_seconds())
    return kinds


def stored_done(database: Database, since: datetime) -> int:
    """Webhooks that carried nothing (echoes, a comment's issue update): stored done, no worker woken."""
    with database.session() as session:
        return session.scalar(select(func.count()).where(InboxEvent.received_at >= since, STORED_DONE))


def _kind(event_type: str) -> str:
    if event_type == "comment_created":
        return "comment"
    return "field edit" if event_type == "jira:issue_updated" else event_type


class ProcessCpu:
    """CPU used from now on by the workers, the web process, and this one (the two simulated sites)."""

    def __init__(self, bench: Bench):
        self._parts = {"workers": [worker.process.pid for worker in bench.workers], "web": [bench.app.process.pid]}
        self._start = self._now(), time.monotonic()

    def _now(self) -> dict[str, float]:
        used = {name: sum(tree_cpu_seconds(pid) for pid in pids) for name, pids in self._parts.items()}
        usage = resource.getrusage(resource.RUSAGE_SELF)
        used["simulated sites"] = usage.ru_utime + usage.ru_stime
        return used

    def used(self) -> str:
        before, started = self._start
        wall = time.monotonic() - started
        parts = [f"{name} {seconds - before[name]:.1f}" for name, seconds in self._now().items()]
        return ", ".join(parts) + f" (in {wall:.1f} s; the machine has {os.cpu_count()} cores)"


def _report(args, database, connected, started, made, drain_seconds, calls) -> None:
    with database.session() as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.client_key == connected.source.client_key))
        not_done = session.execute(select(InboxEvent.id, InboxEvent.event_type, InboxEvent.status,
                                          InboxEvent.attempted, InboxEvent.last_error)
                                   .where(InboxEvent.received_at >= started, InboxEvent.status != DONE)).all()
    changes = made["field edit"] + made["comment"]
    print(f"  stream: {changes} changes in {made['seconds']:.1f} s = {changes / made['seconds']:.1f}/s "
          f"({made['field edit']} field edits, {made['comment']} comments) over {args.issues} issues; "
          f"backlog empty {drain_seconds:.1f} s after the last change")
    print(f"  Jira REST calls received: source {calls[0]}, target {calls[1]}; events not done: {len(not_done)}; "
          f"stored done on arrival (nothing to carry): {stored_done(database, started)}")
    for event in not_done:
        print(f"    event {event.id} ({event.event_type}) {event.status}: {event.attempted}: {event.last_error}")
    print("  accepted -> done (twin written), for the events a worker processed, seconds:")
    latencies = change_latencies(database, tenant_id, started)
    together = latencies.get("field edit", []) + latencies.get("comment", [])
    for label, values in [("changes (edits + comments)", together), *sorted(latencies.items())]:
        print(f"    {label:58s} n={len(values):5d}  {percentiles(values)}")


if __name__ == "__main__":
    main()
