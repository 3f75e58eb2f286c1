"""gunicorn settings of the web process: ``tandem serve``, the Procfile and bench/ingest.py all run with them.

Why these (figures in docs/performance.md): a webhook costs about a millisecond of Python, then waits on the
database's commit and on Redis. Threads (gthread) overlap those waits; one process per core, plus one, lets
Python run on every core despite the GIL. Sync workers would also stall behind settings API requests that
wait on Jira.
"""
import os


def _cores() -> int:
    # The cores this process may run on (a container's CPU set), where the platform can tell.
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


workers = int(os.environ.get("WEB_CONCURRENCY") or _cores() + 1)
worker_class = "gthread"
threads = int(os.environ.get("TANDEM_WEB_THREADS", "8"))
# Settings API requests may wait on Jira, each call with its own timeout; nothing legitimate takes longer.
timeout = 60
