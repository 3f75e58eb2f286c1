"""``tandem demo``: a scenario played between two simulated Jira Cloud sites, told as it happens.

The demo runs Tandem's real processes (``tandem serve``: gunicorn and a worker) against the Jira Cloud
simulator of the test suite (``tests/jirasim``) and the stand-in for Jira's pages of the browser tests
(``tests/browser/jira_host``), so it needs a source checkout; nothing leaves the machine. Unlike the tests,
it does not check requests against Atlassian's contracts: those are the tests' business, and the demo must
work offline on a fresh clone.

Rooms: ``world`` (the running pieces), ``stage`` (what is printed, and the timed waits for a change to
arrive), ``stories`` (the scenarios, step by step).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = ("power-customer", "mirroring", "basic")


def run_demo(scenario: str = "power-customer", keep_running: bool = False) -> int:
    sys.path.insert(0, str(REPO))
    try:
        from addon.demo.stories import play
        from addon.demo.world import DemoFailed, open_world
    except ImportError as missing:
        print(f"tandem demo needs a source checkout of Tandem with its test tools (scripts/bootstrap sets them up): "
              f"it uses the Jira simulator in tests/jirasim ({missing})", file=sys.stderr)
        return 2
    _bypass_proxies_on_this_machine()
    workdir = Path(tempfile.mkdtemp(prefix="tandem-demo-"))
    print(f"Tandem demo: the {scenario.replace('-', ' ').title()} scenario between two simulated Jira Cloud sites. "
          f"Everything runs on this machine.\n", flush=True)
    try:
        with open_world(workdir) as world:
            play(scenario, world)
            if keep_running:
                world.stay_up()
    except DemoFailed as failure:
        return _failed(str(failure), workdir)
    except KeyboardInterrupt:
        print("\nThe demo was interrupted; everything it started is stopped.", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
        _exit_at_once(130)
    except Exception:  # anything unforeseen still ends with a clear message and the log kept
        (workdir / "demo-traceback.txt").write_text(traceback.format_exc(), encoding="utf-8")
        return _failed(f"an unexpected error; its traceback is in {workdir / 'demo-traceback.txt'}", workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _exit_at_once(code: int) -> None:
    """Ends the process without the interpreter's own exit. Ctrl+C may have landed inside a library's lock (one of
    urllib3's connection pools, between its acquire and its release): the finalizers that exit runs would wait for
    that lock for ever. Everything the demo started is stopped by now."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _failed(reason: str, workdir: Path) -> int:
    print(f"\nThe demo failed: {reason}\nTandem's log is kept in {workdir / 'tandem.log'}", file=sys.stderr)
    return 1


def _bypass_proxies_on_this_machine() -> None:
    """Everything talks over 127.0.0.1, which a proxy set for the internet (HTTP_PROXY) could not reach."""
    for name in ("NO_PROXY", "no_proxy"):
        os.environ[name] = ",".join(filter(None, [os.environ.get(name), "127.0.0.1", "localhost"]))
