"""The Jira page around Tandem's iframes, for the browser tests: what Jira itself would serve.

Each view is a page of a simulated site (project settings, an issue) with our iframe in it, loaded with a page
JWT as Jira would; a stub of Connect's ``all.js`` inside the iframe gets context JWTs from this page, which has
the test mint them with the site's shared secret. The app is configured to load that stub
(``TANDEM_CONNECT_JS_URL``), so nothing is fetched from Atlassian.
"""
from __future__ import annotations

import html
import itertools
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from tests.jirasim.serving import BackgroundServer

HERE = Path(__file__).parent
STUB_ALL_JS = (HERE / "stub_all.js").read_text(encoding="utf-8")
HOST_PAGE = (HERE / "host_page.html").read_text(encoding="utf-8")
# Jira's issue view gives a glance's panel about this much room.
GLANCE_WIDTH = 380


@dataclass(frozen=True)
class View:
    title: str
    breadcrumb: str
    site: object  # the simulated site (tests.jirasim.SimSite)
    account_id: str
    project: dict
    app_path: str  # the iframe's URL relative to the app, without the jwt
    context: dict  # the context JWT's "jira" claim
    panel: bool = False  # an issue glance's side panel, not the whole content area


class JiraHost:
    def __init__(self):
        self._views: dict[str, View] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._server = BackgroundServer(self._wsgi)
        self.url = self._server.url
        self.app_url: str | None = None  # set once the app is running

    @property
    def connect_js_url(self) -> str:
        return self.url + "/all.js"

    def stop(self) -> None:
        self._server.stop()

    def project_settings(self, site, account_id: str, project: dict) -> str:
        """The URL of the project's settings page with its Tandem tab open."""
        query = {"project.key": project["key"], "project.id": str(project["id"])}
        return self._add(View(f"{project['name']}: Tandem", "Project settings › Tandem", site, account_id, project,
                              "/pages/project-settings?" + _jira_query(query, site),
                              {"project": {"id": str(project["id"]), "key": project["key"]}}))

    def issue_glance(self, site, account_id: str, project: dict, issue: dict) -> str:
        """The URL of an issue's view with Tandem's glance opened in its side panel."""
        query = {"issue.id": str(issue["id"]), "issue.key": issue["key"], "project.id": str(project["id"]),
                 "project.key": project["key"]}
        return self._add(View(f"{issue['key']}: {issue['fields']['summary']}", "Issues", site, account_id, project,
                              "/pages/issue-glance?" + _jira_query(query, site),
                              {"issue": {"id": str(issue["id"]), "key": issue["key"]},
                               "project": {"id": str(project["id"]), "key": project["key"]}}, panel=True))

    def _add(self, view: View) -> str:
        with self._lock:
            name = str(next(self._numbers))
            self._views[name] = view
        return f"{self.url}/views/{name}"

    @Request.application
    def _wsgi(self, request: Request) -> Response:
        if request.path == "/all.js":
            return Response(STUB_ALL_JS, content_type="application/javascript")
        if request.path == "/favicon.ico":
            return Response(status=204)
        parts = request.path.strip("/").split("/")
        view = self._views.get(parts[1]) if len(parts) >= 2 and parts[0] == "views" else None
        if view is None:
            return Response("no such view", status=404)
        if parts[2:] == ["token"]:
            token = view.site.context_jwt(view.account_id, jira=view.context)
            return Response(json.dumps({"token": token}), content_type="application/json")
        return Response(self._page(view, request.path + "/token"), content_type="text/html; charset=utf-8")

    def _page(self, view: View, token_url: str) -> str:
        token = view.site.page_jwt("GET", view.app_path, view.account_id)
        src = f"{self.app_url}{view.app_path}&jwt={token}"
        iframe = f'<iframe id="app-frame" title="Tandem" src="{html.escape(src)}" allow="clipboard-write"></iframe>'
        body = (f'<div class="issue"><div class="body"><p>Description, comments and the rest of the issue.</p></div>'
                f'<aside aria-label="Tandem glance"><h2>Tandem</h2>{iframe}</aside></div>') if view.panel else iframe
        return HOST_PAGE.format(title=html.escape(view.title), site=html.escape(view.site.base_url),
                                project=html.escape(view.project["name"]), breadcrumb=html.escape(view.breadcrumb),
                                body=body, token_url=token_url, panel_width=GLANCE_WIDTH)


def _jira_query(query: dict, site) -> str:
    """The query Jira puts on an iframe URL: the module's context parameters, then its own (all under the qsh)."""
    return urlencode({**query, "xdm_e": site.base_url, "xdm_c": "channel-tandem", "cp": "", "lic": "none",
                      "cv": "1001.0.0"})
