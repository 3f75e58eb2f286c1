"""The demo's world: Tandem's real processes, simulated Jira Cloud sites, and a stand-in for Jira's pages."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import requests

from tests.browser.jira_host import JiraHost
from tests.jirasim import InstallKeyServer, SimSite
from tests.support.processes import free_port

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 60
# Settings the user's shell may hold for a real deployment, which must not reach the demo's own Tandem.
FOREIGN_SETTINGS = ("TANDEM_", "DATABASE_URL", "SCRIPT_NAME", "WEB_CONCURRENCY")


class DemoFailed(RuntimeError):
    """Why the demo could not go on, in words for the person watching it."""


@dataclass
class World:
    workdir: Path
    keys: InstallKeyServer
    host: JiraHost
    tandem: subprocess.Popen
    tandem_url: str
    sites: list[SimSite] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (what, URL) of the pages worth opening

    @property
    def log_path(self) -> Path:
        return self.workdir / "tandem.log"

    def add_site(self, name: str) -> SimSite:
        # No contract checks: they need Atlassian's published documents, which a fresh clone may not have.
        site = SimSite(self.keys, name=name, check_contract=False)
        self.sites.append(site)
        return site

    def settings_page(self, site: SimSite, project: dict) -> str:
        """The URL of the project's Tandem settings page, in the stand-in for Jira's page."""
        url = self.host.project_settings(site, site.admin.account_id, project)
        self.pages.append((f"{project['key']}'s Tandem settings (site {site.name})", url))
        return url

    def issue_glance(self, site: SimSite, project: dict, issue: dict) -> str:
        url = self.host.issue_glance(site, site.admin.account_id, project, issue)
        self.pages.append((f"{issue['key']} with Tandem's glance (site {site.name})", url))
        return url

    def stay_up(self) -> None:
        """Leaves everything running until Ctrl+C (or SIGTERM), with the URLs of the pages to open."""
        print("\nTandem, both sites and the stand-in for Jira's pages stay up until you press Ctrl+C.")
        print("Open these in a browser (Connect's all.js is stubbed; nothing is fetched from Atlassian):")
        for what, url in self.pages:
            print(f"  {what}: {url}")
        print(f"Tandem's log: {self.log_path}", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            while self.tandem.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            print("\nStopping.", flush=True)
            return
        raise DemoFailed(f"Tandem stopped by itself (exit code {self.tandem.returncode})")

    def stop_sites(self) -> None:
        for site in self.sites:
            site.stop()


@contextlib.contextmanager
def open_world(workdir: Path) -> Iterator[World]:
    with contextlib.ExitStack() as cleanup:  # stops, in reverse order, whatever was started
        keys = cleanup.enter_context(InstallKeyServer())
        host = JiraHost()
        cleanup.callback(host.stop)
        url = f"http://127.0.0.1:{free_port()}"
        print("Starting Tandem: its web server and a worker, as `tandem serve` runs them.", flush=True)
        started = time.monotonic()
        with _interrupt_held():
            tandem = _start_tandem(workdir, url, keys.url, host.connect_js_url)
            cleanup.callback(_stop_all_of, tandem)
        _wait_until_healthy(tandem, url)
        print(f"Tandem is up at {url} after {time.monotonic() - started:.1f} s.\n", flush=True)
        host.app_url = url
        world = World(workdir, keys, host, tandem, url)
        cleanup.callback(world.stop_sites)
        yield world


@contextlib.contextmanager
def _interrupt_held():
    """Ctrl+C waits until the block has ended: a Ctrl+C during the start of a process (which takes a while on a
    busy machine) would otherwise interrupt its Popen after the process was created, before anybody held it to
    stop it later, and leave Tandem running."""
    caught = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt


def _start_tandem(workdir: Path, url: str, keys_url: str, connect_js_url: str) -> subprocess.Popen:
    env = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_SETTINGS)}
    env.update(TANDEM_INSTANCE_DIR=str(workdir / "instance"), TANDEM_BASE_URL=url, TANDEM_INSTALL_KEYS_URL=keys_url,
               TANDEM_ALLOWED_SITE_HOSTS="127.0.0.1", TANDEM_CONNECT_JS_URL=connect_js_url,
               TANDEM_SWEEP_SECONDS="0.5", PYTHONUNBUFFERED="1")
    with open(workdir / "tandem.log", "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "addon.cli", "serve", "--bind", url.removeprefix("http://"),
                                 "--web-workers", "2"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop_all_of(serve: subprocess.Popen) -> None:
    """``tandem serve``, its worker and gunicorn's workers, started as one process group: asked to stop, then
    killed together if they have not within 15 s (killing serve alone would leave its children writing on)."""
    if serve.poll() is None:
        os.killpg(serve.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            serve.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(serve.pid, signal.SIGKILL)
    serve.wait()


def _wait_until_healthy(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoFailed(f"Tandem stopped while starting (exit code {process.returncode})")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise DemoFailed(f"Tandem did not answer at {url}/healthz within {START_TIMEOUT_SECONDS} s")
