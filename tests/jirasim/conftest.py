"""Fixtures for the simulator's own tests: a key server, sites, and a stand-in Connect app."""
import json
import threading
from collections import defaultdict, deque
from dataclasses import dataclass

import pytest
from werkzeug.wrappers import Request, Response

from . import InstallKeyServer, SimSite
from .app_client import AppClient
from .serving import BackgroundServer

APP_KEY = "com.example.standin"
APP_PATH = "/standin"  # the app lives below a path, as behind a reverse proxy


@dataclass(frozen=True)
class Received:
    method: str
    path: str  # relative to the app's baseUrl
    query: str
    headers: dict
    body: object  # parsed JSON, else the raw text


class StandInApp:
    """Serves a descriptor and answers lifecycle and webhook calls with scripted statuses."""

    def __init__(self):
        self.received: list[Received] = []
        self.scripted_statuses = defaultdict(deque)  # path -> statuses to answer, then 204
        self._lock = threading.Lock()
        self._server = BackgroundServer(self._wsgi_app)
        self.base_url = self._server.url + APP_PATH
        self.descriptor_url = self.base_url + "/atlassian-connect.json"
        self.descriptor = {
            "key": APP_KEY,
            "name": "Stand-in",
            "baseUrl": self.base_url,
            "authentication": {"type": "jwt"},
            "apiMigrations": {"signed-install": True, "context-qsh": True, "gdpr": True},
            "lifecycle": {
                "installed": "/lifecycle/installed",
                "uninstalled": "/lifecycle/uninstalled",
                "enabled": "/lifecycle/enabled",
                "disabled": "/lifecycle/disabled",
            },
            "scopes": ["READ", "WRITE"],
            "modules": {
                "webhooks": [
                    {"event": "jira:issue_created", "url": "/webhooks/jira?event=created"},
                    {"event": "jira:issue_updated", "url": "/webhooks/jira?event=updated"},
                    {"event": "jira:issue_deleted", "url": "/webhooks/jira?event=deleted"},
                    {"event": "comment_created", "url": "/webhooks/comment"},
                    {"event": "comment_updated", "url": "/webhooks/comment"},
                    {"event": "comment_deleted", "url": "/webhooks/comment"},
                    {"event": "attachment_created", "url": "/webhooks/attachment"},
                    {"event": "attachment_deleted", "url": "/webhooks/attachment"},
                ],
                # Makes the origin property searchable by JQL, as Tandem's descriptor does.
                "jiraEntityProperties": [
                    {
                        "key": "origin-index",
                        "name": {"value": "Origin"},
                        "entityType": "issue",
                        "keyConfigurations": [
                            {
                                "propertyKey": "tandem.origin",
                                "extractions": [{"objectName": "key", "type": "string", "alias": "tandemOrigin"}],
                            }
                        ],
                    }
                ],
            },
        }

    def stop(self) -> None:
        self._server.stop()

    def answer(self, path: str, *statuses: int) -> None:
        """The next calls to ``path`` get these statuses, in order."""
        self.scripted_statuses[path].extend(statuses)

    def calls_to(self, path: str) -> list[Received]:
        return [call for call in self.received if call.path == path]

    @Request.application
    def _wsgi_app(self, request: Request) -> Response:
        path = request.path[len(APP_PATH):]
        if path == "/atlassian-connect.json":
            return Response(json.dumps(self.descriptor), mimetype="application/json")
        with self._lock:
            self.received.append(
                Received(request.method, path, request.query_string.decode(), dict(request.headers), _body(request))
            )
            statuses = self.scripted_statuses[path]
            return Response(status=statuses.popleft() if statuses else 204)


def _body(request: Request):
    text = request.get_data(as_text=True)
    try:
        return json.loads(text)
    except ValueError:
        return text


@pytest.fixture(scope="session")
def keys():
    with InstallKeyServer() as server:
        yield server


@pytest.fixture
def app():
    stand_in = StandInApp()
    yield stand_in
    stand_in.stop()


def _site(keys, **options):
    return SimSite(keys, webhook_retry_delay=0.01, **options)


@pytest.fixture
def site(keys):
    """A site whose tests expect the app-side requests to honour the REST contract."""
    with _site(keys) as sim:
        yield sim
        assert sim.contract_violations == []


@pytest.fixture
def site_expecting_violations(keys):
    with _site(keys) as sim:
        yield sim


@pytest.fixture
def installed_site(site, app):
    assert site.install(app.descriptor_url).status_code == 204
    site.add_project("ALPHA", "Alpha")
    app.received.clear()
    return site


@pytest.fixture
def as_app(installed_site):
    """The installed app's REST client on ``installed_site``."""
    return AppClient(installed_site)
