"""gunicorn settings of the web process: ``tandem serve``, the Procfile and bench/ingest.py all run with them.

Why these (figures in docs/performance.md): a webhook costs about a millisecond of Python, then waits on the
database's commit and on Redis. Threads (gthread) overlap those waits; one process per core, plus one, lets
Python run on every core despite the GIL. A few threads per process are enough to overlap the waits; more
only contend for the GIL (3 x 3 acknowledged about 1,120 webhooks/s where 3 x 8 managed 900 to 980). Sync
workers would stall behind settings API requests that wait on Jira; with three threads a process still
answers webhooks while one of them waits.
"""
import os


def _cores() -> int:
    # The cores this process may run on (a container's CPU set), where the platform can tell.
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


workers = int(os.environ.get("WEB_CONCURRENCY") or _cores() + 1)
worker_class = "gthread"
threads = int(os.environ.get("TANDEM_WEB_THREADS", "3"))
# Settings API requests may wait on Jira, each call with its own timeout; nothing legitimate takes longer.
timeout = 60
logger_class = "addon.web.access_log.AccessLogWithoutAcceptedWebhooks"
# gunicorn 25.1+ opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every master of the user:
# two deployments (or a test run beside one) on a host would take each other's socket. Tandem never uses it.
control_socket_disable = True
