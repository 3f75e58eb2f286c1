"""The ``tandem`` command: serve, worker, db upgrade."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys

from addon.config import ConfigError, base_url_for_bind, load_settings
from addon.demo import SCENARIOS
from addon.db import Database
from addon.logs import configure_logging

log = logging.getLogger("tandem")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging()
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"tandem: configuration error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tandem", description="Tandem issue sync for Jira Cloud")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="web server and an embedded worker, for a single machine")
    serve.add_argument("--bind", default=os.environ.get("TANDEM_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}"))
    serve.add_argument("--web-workers", type=int,
                       help="web processes (default: $WEB_CONCURRENCY, else one per core plus one)")
    serve.add_argument("--worker-threads", type=int, default=4)
    serve.set_defaults(run=_serve)

    worker = commands.add_parser("worker", help="a queue worker (run as many as needed)")
    worker.add_argument("--threads", type=int, default=int(os.environ.get("TANDEM_WORKER_THREADS", "4")))
    worker.set_defaults(run=_worker)

    demo = commands.add_parser("demo", help="a scenario played between two simulated Jira sites, told as it happens "
                                            "(offline; needs a source checkout)")
    demo.add_argument("--scenario", choices=SCENARIOS, default=SCENARIOS[0])
    demo.add_argument("--keep-running", action="store_true",
                      help="leave Tandem and the simulated sites up and print the URLs of their settings pages")
    demo.set_defaults(run=_demo)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="create or upgrade the schema").set_defaults(run=_db_upgrade)
    return parser


def _db_upgrade(_args) -> int:
    _upgrade_database(load_settings())
    return 0


def _upgrade_database(settings) -> None:
    before, after = Database(settings.database_url).upgrade()
    if before == after:
        log.info("database schema is up to date (revision %s)", after)
    else:
        log.info("database schema upgraded from revision %s to %s", before or "none (a new database)", after)


def _worker(args) -> int:
    from addon.jobs.worker import run_worker

    run_worker(load_settings(), args.threads)
    return 0


def _demo(args) -> int:
    from addon.demo import run_demo

    return run_demo(args.scenario, args.keep_running)


def _serve(args) -> int:
    _announce_bind_address_unless_told(args.bind)
    settings = load_settings()
    _upgrade_database(settings)
    # Until gunicorn installs its own handlers, a stop must still reach the finally below, which stops the worker.
    signal.signal(signal.SIGTERM, _exit_on_stop)
    worker = subprocess.Popen([sys.executable, "-m", "addon.cli", "worker", "--threads", str(args.worker_threads)])
    log.info("Tandem serving %s on %s (descriptor: %s/atlassian-connect.json)", settings.base_url, args.bind,
             settings.base_url)
    try:
        return _run_gunicorn(args.bind, args.web_workers)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _exit_on_stop(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _announce_bind_address_unless_told(bind: str) -> None:
    """Without TANDEM_BASE_URL, the descriptor announces where this server listens (the web processes and the
    worker read it from the environment)."""
    if os.environ.get("TANDEM_BASE_URL"):
        return
    os.environ["TANDEM_BASE_URL"] = base_url_for_bind(bind)
    log.warning("TANDEM_BASE_URL is not set: the descriptor announces %s (from --bind %s). Jira must reach Tandem "
                "there; if it cannot, set TANDEM_BASE_URL to the public URL", os.environ["TANDEM_BASE_URL"], bind)


def _run_gunicorn(bind: str, workers: int | None) -> int:
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = ["gunicorn", "--config", "python:addon.web.gunicorn", "--bind", bind, "--access-logfile", "-",
                *(["--workers", str(workers)] if workers else []), "addon:create_app()"]
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
