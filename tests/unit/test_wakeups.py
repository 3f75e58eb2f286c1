"""Drain wake-ups: gathered per issue, pushed from the web process's own thread, never raised into a request."""
from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest
from huey import RedisHuey, SqliteHuey

from addon.jobs.wakeups import DrainWakeups, drain_pusher
from tests.support.databases import redis_url
from tests.support.polling import eventually


class Pushes:
    def __init__(self, failures: int = 0):
        self.batches: list[list] = []
        self.threads: set[str] = set()
        self._failures = failures

    def __call__(self, keys) -> None:
        self.threads.add(threading.current_thread().name)
        if self._failures:
            self._failures -= 1
            raise ConnectionError("queue away")
        self.batches.append(list(keys))


def test_wakeups_within_the_linger_share_one_push_with_each_issue_once_oldest_first():
    pushes = Pushes()
    wakeups = DrainWakeups(pushes, linger_seconds=0.2)
    for tenant_id, issue_id in [(1, "10"), (1, "11"), (1, "10"), (2, None), (2, "10")]:
        wakeups.wake(tenant_id, issue_id)
    assert eventually(lambda: pushes.batches, timeout=5)
    assert pushes.batches == [[(1, "10"), (1, "11"), (2, None), (2, "10")]]
    assert pushes.threads == {"tandem-wakeups"}


def test_later_wakeups_get_their_own_push():
    pushes = Pushes()
    wakeups = DrainWakeups(pushes, linger_seconds=0.01)
    wakeups.wake(1, "10")
    assert eventually(lambda: len(pushes.batches) == 1, timeout=5)
    wakeups.wake(1, "10")
    assert eventually(lambda: len(pushes.batches) == 2, timeout=5)
    assert pushes.batches == [[(1, "10")], [(1, "10")]]


def test_a_failed_push_is_logged_for_the_sweep_and_the_next_wakeups_still_go(caplog):
    pushes = Pushes(failures=1)
    wakeups = DrainWakeups(pushes, linger_seconds=0.01)
    with caplog.at_level(logging.ERROR, logger="addon.jobs.wakeups"):
        wakeups.wake(1, "10")
        wakeups.wake(1, "11")
        assert eventually(lambda: "could not enqueue 2 drain(s); the sweep will pick them up" in caplog.text,
                          timeout=5)
    wakeups.wake(1, "12")
    assert eventually(lambda: pushes.batches == [[(1, "12")]], timeout=5)


class PipedPushes:
    """Pushes reported through a pipe, with the pid of the process that made them."""

    def __init__(self):
        self.received, self._sent = multiprocessing.Pipe(duplex=False)

    def __call__(self, keys) -> None:
        self._sent.send((os.getpid(), list(keys)))

    def report(self) -> set:
        reports = set()
        while self.received.poll(5):
            pid, keys = self.received.recv()
            reports.add((pid, tuple(keys)))
            if len(reports) == 2:
                break
        return reports


def _wake_and_linger(wakeups: DrainWakeups, tenant_id: int, issue_id: str) -> None:
    wakeups.wake(tenant_id, issue_id)
    time.sleep(1.5)  # multiprocessing ends its children without atexit: the thread has to push by then


def test_a_forked_process_pushes_its_own_wakeups_from_its_own_thread_and_not_the_parents():
    pushes = PipedPushes()
    wakeups = DrainWakeups(pushes, linger_seconds=0.5)
    wakeups.wake(1, "10")  # still gathering in the parent when it forks
    child = multiprocessing.get_context("fork").Process(target=_wake_and_linger, args=(wakeups, 7, "70"))
    child.start()
    child.join(10)
    assert child.exitcode == 0
    assert pushes.report() == {(os.getpid(), ((1, "10"),)), (child.pid, ((7, "70"),))}


def test_what_is_still_waiting_at_exit_is_pushed():
    program = ("from addon.jobs.wakeups import DrainWakeups\n"
               "wakeups = DrainWakeups(lambda keys: print('pushed', list(keys)), linger_seconds=60)\n"
               "wakeups.wake(3, '30')\n")
    finished = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=30)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "pushed [(3, '30')]\n"


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.services)])
def huey(request, tmp_path):
    if request.param == "sqlite":
        huey = SqliteHuey("tandem-wakeups-test", filename=str(tmp_path / "queue.db"))
    else:
        huey = RedisHuey("tandem-wakeups-test", url=redis_url())
    huey.storage.flush_queue()
    yield huey
    huey.storage.flush_queue()


def test_the_pusher_enqueues_drain_tasks_the_consumer_runs_in_order(huey):
    ran = []

    @huey.task(name="tandem.drain_issue")
    def drain(tenant_id, issue_id):
        ran.append((tenant_id, issue_id))

    drain_pusher(huey, drain)([(1, "10"), (1, "11"), (2, None)])
    assert huey.pending_count() == 3
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
    assert ran == [(1, "10"), (1, "11"), (2, None)]
