"""``tandem demo``: the Power Customer scenario between two simulated Jira sites, start to finish.

It runs the real app and worker (``tandem serve``) against the Jira Cloud
simulator of the test suite, so it needs a source checkout (``tests/jirasim``).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
SETTLE_SECONDS = 1.5


def run_demo() -> int:
    sys.path.insert(0, str(REPO))
    try:
        from tests.jirasim import InstallKeyServer, SimSite
    except ImportError:
        print("tandem demo needs a source checkout of Tandem (it uses tests/jirasim)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tandem-demo-") as workdir, InstallKeyServer() as keys:
        app = _start_app(Path(workdir), keys.url)
        try:
            with SimSite(keys, name="customer") as customer, SimSite(keys, name="support") as support:
                _play(app.base_url, customer, support)
                for site, project_key, service_desk in ((customer, "CUS", False), (support, "SUP", True)):
                    print(describe(site, project_key, service_desk))
        finally:
            app.stop()
    return 0


class _App:
    def __init__(self, process: subprocess.Popen, base_url: str):
        self.process, self.base_url = process, base_url

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _start_app(workdir: Path, keys_url: str) -> _App:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, TANDEM_INSTANCE_DIR=str(workdir), TANDEM_BASE_URL=base_url, DATABASE_URL="",
               TANDEM_QUEUE_URL="", TANDEM_INSTALL_KEYS_URL=keys_url, TANDEM_ALLOWED_SITE_HOSTS="127.0.0.1",
               TANDEM_SWEEP_SECONDS="0.5")
    log = open(workdir / "tandem.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "addon.cli", "serve", "--bind", f"127.0.0.1:{port}"],
                               env=env, stdout=log, stderr=log)
    _wait_for(lambda: _answers(base_url + "/healthz"), "the app to start")
    print(f"Tandem runs at {base_url} (log: {workdir / 'tandem.log'})")
    return _App(process, base_url)


def _play(app_url: str, customer, support) -> None:
    for site in (customer, support):
        site.install(app_url + "/atlassian-connect.json").raise_for_status()
        print(f"installed Tandem in site {site.name} ({site.base_url})")
    cus = customer.add_project("CUS", "Customer project", type="software")
    sup = support.add_project("SUP", "First-level support", type="service_desk")
    connection = _api(app_url, customer, cus, "POST", "/api/connections",
                      {"name": "Power Customer", "scenario": "power_customer", "otherSite": True})
    _api(app_url, support, sup, "POST", "/api/invitations/redeem", {"code": connection["invitationCode"]})
    for site, project in ((customer, cus), (support, sup)):
        _api(app_url, site, project, "POST", f"/api/connections/{connection['id']}/half/publish")
    _api(app_url, customer, cus, "POST", f"/api/connections/{connection['id']}/start")
    print("Power Customer synchronization started: CUS (customer) -> SUP (support)\n")

    carla, sam = customer.add_user("Carla Customer"), support.add_user("Sam Support")
    issue = customer.create_issue("CUS", "Task", "Printer on fire", description="Smoke from tray 2", user=carla)
    _settle(customer, support)
    twin = support.issues("SUP")[0]
    customer.add_comment(issue["key"], "Any news on this?", user=carla)
    support.add_comment(twin["key"], "A technician is on the way.", user=sam)
    support.add_comment(twin["key"], "Second time this month; check the fuser.", user=sam, internal=True)
    _settle(customer, support)


def _api(app_url: str, site, project: dict, method: str, path: str, body: dict | None = None) -> dict:
    token = site.context_jwt(site.admin.account_id, jira={"project": {"id": str(project["id"]),
                                                                      "key": project["key"]}})
    response = requests.request(method, app_url + path, json=body, timeout=30,
                                headers={"Authorization": f"JWT {token}"})
    if response.status_code >= 400:
        raise SystemExit(f"{method} {path} failed: {response.status_code} {response.text}")
    return response.json() if response.content else {}


def _settle(*sites) -> None:
    """Wait until no site has received a write for a moment: the sync has caught up."""
    last, since = None, time.monotonic()
    deadline = since + 60
    while time.monotonic() < deadline:
        now = tuple(len(site.writes()) for site in sites)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= SETTLE_SECONDS:
            return
        time.sleep(0.1)


def describe(site, project_key: str, service_desk: bool) -> str:
    lines = [f"Site {site.name} ({site.base_url}), project {project_key}, holds:"]
    for issue in site.issues(project_key):
        fields = issue["fields"]
        request_type = site.request_type_of(issue["key"]) if service_desk else None
        named = f" / request type {_request_type_name(site, project_key, request_type)}" if request_type else ""
        lines.append(f"  {issue['key']} [{fields['issuetype']['name']}{named}] {fields['summary']}")
        lines.append(f"      description: {_plain(fields.get('description'))}")
        for comment in site.comments(issue["key"]):
            visibility = ("public" if comment["jsdPublic"] else "internal") if service_desk else "comment"
            lines.append(f"      {visibility:<9} {_plain(comment['body'])}")
    return "\n".join(lines) + "\n"


def _request_type_name(site, project_key: str, request_type_id: str) -> str:
    names = ("Get IT Help", "Purchase request", "Request a new account")
    return next((name for name in names if site.request_type_id(project_key, name) == request_type_id),
                request_type_id)


def _plain(document) -> str:
    if isinstance(document, dict):
        own = document.get("text", "")
        glue = "" if document.get("type") == "paragraph" else " "
        children = glue.join(_plain(child) for child in document.get("content", []))
        return " ".join(part for part in (own, children) if part)
    return ""


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def _wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
