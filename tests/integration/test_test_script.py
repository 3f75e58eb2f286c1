"""``scripts/test --sqlite-only`` runs the SQLite leg alone, without PostgreSQL or Redis."""
from __future__ import annotations

import os
import subprocess

from tests.support.processes import REPO

NOTHING_LISTENS = "127.0.0.1:9"  # the discard port: a test reaching for PostgreSQL or Redis would fail


def test_sqlite_only_runs_one_leg_and_leaves_out_the_tests_that_need_postgresql_or_redis():
    env = {name: value for name, value in os.environ.items() if not name.startswith("TANDEM_TEST_")}
    env.update(TANDEM_TEST_POSTGRES_URL=f"postgresql://postgres@{NOTHING_LISTENS}/test",
               TANDEM_TEST_REDIS_URL=f"redis://{NOTHING_LISTENS}/0")
    result = subprocess.run(["scripts/test", "--sqlite-only", "-p", "no:cacheprovider", "tests/unit/test_wakeups.py",
                             "-k", "pusher_enqueues"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "=== tests on SQLite + SQLite queue only" in result.stdout
    assert "PostgreSQL + Redis queue ===" not in result.stdout
    assert "services:" not in result.stdout + result.stderr, "PostgreSQL and Redis are not started"
    assert "1 passed, " in result.stdout and " deselected" in result.stdout
