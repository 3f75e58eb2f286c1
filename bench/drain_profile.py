"""CPU a worker spends per inbox event, measured in-process: no queue, no other load counted.

    .venv/bin/python bench/drain_profile.py [--database postgresql|sqlite] [--issues 50] [--rounds 6]
    .venv/bin/py-spy record -o drain.svg -- .venv/bin/python bench/drain_profile.py --rounds 20

Power Customer between two simulated sites that answer at once, set up through the real app (gunicorn) as
bench/end_to_end.py does, with its issues created and synced by a real worker. That worker then stops. Each
round, people change every issue once (field edits and comments, alternately); then one thread drains each
issue by calling the worker's own ``drain_issue``, and this thread's CPU time is counted: reading the inbox,
the lease, the REST calls to Jira (signing, sending, parsing), planning, links and history. The simulated
sites' CPU and the database's are theirs, not counted. The first round warms up caches and is not counted.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

from sqlalchemy import func, select  # noqa: E402

from addon.config import load_settings  # noqa: E402
from addon.db.inbox import DONE, PENDING, InboxEvent  # noqa: E402
from addon.db.tenant import Tenant  # noqa: E402
from addon.jobs.drain import drain_issue  # noqa: E402
from addon.runtime import build_runtime  # noqa: E402
from bench.callgrind import counted  # noqa: E402
from bench.connected import SOURCE_KEY, connect_two_sites  # noqa: E402
from bench.end_to_end import wait_until_drained  # noqa: E402
from bench.stack import Bench  # noqa: E402

SETUP_TIMEOUT = 120.0


def main() -> None:
    args = _arguments()
    with Bench(args.database) as bench:
        bench.start_app()
        connected = connect_two_sites(bench, "power_customer")
        bench.start_workers(1, 4)
        keys = [connected.source.create_issue(SOURCE_KEY, connected.issue_type, f"Issue {n}")["key"]
                for n in range(args.issues)]
        runtime = build_runtime(load_settings(dict(bench.env, TANDEM_BASE_URL=bench.app.base_url)), pre_ping=False)
        bench.callback(runtime.db.dispose)
        wait_until_drained(runtime.db, SETUP_TIMEOUT)
        for worker in bench.workers:
            worker.stop()
        tenant_id = _tenant_id(runtime, connected.source.client_key)
        cpu, kinds = 0.0, Counter()
        for number in range(args.rounds + 1):
            _change_every_issue(connected.source, keys, number)
            with counted(measured=number > 0):
                used, drained = _drain_all(runtime, tenant_id)
            if number:  # the first round fills the caches
                cpu += used
                kinds.update(drained)
    events = sum(kinds.values())
    print(f"drain in-process, power_customer on {args.database}: {events} events over {args.issues} issues "
          f"({', '.join(f'{count} {kind}' for kind, count in sorted(kinds.items()))})")
    print(f"  {cpu / events * 1e6:.0f} us CPU per event, {cpu / (args.issues * args.rounds) * 1e6:.0f} us per change")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--issues", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=6, help="changes per issue, after one round of warm-up")
    return parser.parse_args()


def _tenant_id(runtime, client_key: str) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(Tenant.id).where(Tenant.client_key == client_key))


def _change_every_issue(source, keys: list[str], number: int) -> None:
    for key in keys:
        if number % 2 == 0:
            source.update_issue(key, summary=f"{key} edited in round {number}")
        else:
            source.add_comment(key, f"Comment of round {number} on {key}")


def _drain_all(runtime, tenant_id: int) -> tuple[float, Counter]:
    """Drains every issue with pending events; returns this thread's CPU seconds and the events done, by type."""
    with runtime.db.session() as session:
        pending = session.execute(select(InboxEvent.issue_id, InboxEvent.event_type)
                                  .where(InboxEvent.tenant_id == tenant_id, InboxEvent.status == PENDING)).all()
    started = time.thread_time()
    for issue_id in dict.fromkeys(issue_id for issue_id, _ in pending):
        drain_issue(runtime, tenant_id, issue_id)
    used = time.thread_time() - started
    with runtime.db.session() as session:
        left = session.scalar(select(func.count()).where(InboxEvent.tenant_id == tenant_id,
                                                         InboxEvent.status != DONE))
    if left:
        raise SystemExit(f"{left} event(s) were not done: see the inbox")
    return used, Counter(event_type for _, event_type in pending)


if __name__ == "__main__":
    main()
