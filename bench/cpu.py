"""CPU time a process tree has used, from /proc (Linux): a cost per webhook that other load on the machine
does not distort, unlike throughput."""
from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its living descendants (gunicorn: master and workers)."""
    return sum(_cpu_seconds(each) for each in _tree(pid))


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            pids.extend(_tree(int(child)))
    return pids


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0  # it ended in the meantime
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


class PostgresBackends:
    """CPU used by the PostgreSQL server processes serving one database (a server on this machine)."""

    def __init__(self, database_url: str):
        self._url = database_url

    def cpu_seconds(self) -> dict[int, float]:
        import psycopg

        with psycopg.connect(self._url) as connection:
            pids = [row[0] for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
        return {pid: _cpu_seconds(pid) for pid in pids}

    @staticmethod
    def used_between(before: dict[int, float], after: dict[int, float]) -> float:
        """A backend that started in between counts whole; one that ended in between is lost (rare)."""
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
