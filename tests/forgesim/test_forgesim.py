"""The Forge simulator behaves as Forge does for a remote: FITs, the API gateway, events and their retries."""
from __future__ import annotations

import json
import threading

import jwt
import pytest
import requests
from werkzeug.wrappers import Request, Response

from tests.jirasim import InstallKeyServer, SimSite
from tests.jirasim.adf import text_document
from tests.jirasim.serving import BackgroundServer

from .manifest import Manifest
from .platform import ForgePlatform

MANIFEST = Manifest({"modules": {
    "trigger": [{"key": "events", "endpoint": "events", "events": ["avi:jira:created:issue", "avi:jira:updated:issue",
                                                                    "avi:jira:commented:issue"]},
                {"key": "life", "endpoint": "life", "events": ["avi:forge:installed:app"]}],
    "endpoint": [{"key": "events", "remote": "r", "route": {"path": "/on-event"}},
                 {"key": "life", "remote": "r", "route": {"path": "/on-install"}}],
}})
TRACE = "X-Atlassian-Webhook-Trace"


class Remote:
    """A remote that records what Forge sends and answers ``status`` (a list: one per request, the last repeats)."""

    def __init__(self):
        self.received: list[tuple[str, dict, dict]] = []
        self.statuses = [200]
        self._lock = threading.Lock()
        self._server = BackgroundServer(self._app)
        self.url = self._server.url

    @Request.application
    def _app(self, request: Request) -> Response:
        with self._lock:
            self.received.append((request.path, dict(request.headers), json.loads(request.get_data() or b"{}")))
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return Response("{}", status=status, mimetype="application/json")

    def events(self) -> list[dict]:
        return [body for path, _, body in self.received if path == "/on-event"]


@pytest.fixture
def world():
    keys, remote = InstallKeyServer(), Remote()
    platform = ForgePlatform(MANIFEST, retry_delay=0.01)
    site = SimSite(keys, name="forgesim")
    site.add_project("ALPHA", "Alpha")
    installation = platform.install(site, remote.url)
    yield platform, site, installation, remote
    platform.stop()
    site.stop()
    keys.stop()


def test_the_install_posts_a_fit_naming_the_installation_and_an_app_token(world):
    platform, site, installation, remote = world
    [(path, headers, body)] = remote.received
    assert path == "/on-install" and body["eventType"] == "avi:forge:installed:app"
    key = jwt.PyJWKSet.from_json(requests.get(platform.jwks_url, timeout=5).text)[platform.keys.current_kid].key
    claims = jwt.decode(headers["Authorization"].removeprefix("Bearer "), key, algorithms=["RS256"],
                        audience=platform.app_id, issuer="forge/invocation-token")
    assert claims["app"]["installationId"] == installation.installation_id
    assert claims["app"]["apiBaseUrl"] == installation.api_base_url
    assert claims["context"]["cloudId"] == site.cloud_id and "principal" not in claims
    assert headers["X-Forge-Oauth-System"]


def test_the_gateway_takes_the_app_token_of_its_site_only(world):
    platform, site, installation, _ = world
    path = "/rest/api/3/myself"
    good = requests.get(installation.api_base_url + path, timeout=5,
                        headers={"Authorization": f"Bearer {installation.system_token}"})
    assert good.status_code == 200 and good.json()["accountId"] == installation.app_user.account_id
    expired = installation.new_system_token(lifetime=-5)
    assert requests.get(installation.api_base_url + path, headers={"Authorization": f"Bearer {expired}"},
                        timeout=5).status_code == 401
    other = platform.app_tokens.mint(installation.installation_id, "another-cloud", "someone")
    assert requests.get(installation.api_base_url + path, headers={"Authorization": f"Bearer {other}"},
                        timeout=5).status_code == 401
    assert len(site.auth_failures) == 2


def test_changes_arrive_as_forge_events_with_self_generated_and_the_trace(world):
    _, site, installation, remote = world
    issue = site.create_issue("ALPHA", "Task", "By a person")
    comment = site.add_comment(issue["key"], "first")
    site.edit_comment(issue["key"], comment["id"], "edited")
    headers = {"Authorization": f"Bearer {installation.system_token}", TRACE: "tandem:1:a>b"}
    requests.put(f"{installation.api_base_url}/rest/api/3/issue/{issue['id']}", timeout=5, headers=headers,
                 json={"fields": {"summary": "By the app"}})
    requests.post(f"{installation.api_base_url}/rest/api/3/issue/{issue['id']}/comment", timeout=5,
                  headers=headers, json={"body": text_document("from the app")})
    installation.wait_for_events()
    seen = [(e["eventType"], e["selfGenerated"], e.get("webhookTraceValue")) for e in remote.events()]
    assert seen == [("avi:jira:created:issue", False, None), ("avi:jira:commented:issue", False, None),
                    ("avi:jira:commented:issue", False, None), ("avi:jira:updated:issue", True, "tandem:1:a>b"),
                    ("avi:jira:commented:issue", True, "tandem:1:a>b")], "no second report of a comment change"
    assert "X-Atlassian-Webhook-Identifier" not in remote.received[-1][1], "Forge sends no delivery identifier"


def test_an_event_not_accepted_is_sent_again_four_times(world):
    platform, site, installation, remote = world
    remote.statuses = [500]
    site.create_issue("ALPHA", "Task", "Refused")
    installation.wait_for_events()
    attempts = [a for a in platform.delivery.attempts if a["eventType"] == "avi:jira:created:issue"]
    assert [a["attempt"] for a in attempts] == [0, 1, 2, 3, 4]
    assert len(remote.events()) == 5
