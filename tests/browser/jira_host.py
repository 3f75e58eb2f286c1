"""The Jira page around Tandem's iframes, for the browser tests: what Jira itself (and Forge) would serve.

Each view is a page of a simulated site (project settings, an issue) with our iframe in it, through one of the
two doors:
- Connect: the iframe is the app's page, loaded with a page JWT as Jira would; a stub of Connect's ``all.js``
  inside it gets context JWTs from this page, which has the test mint them with the site's shared secret. The app
  is configured to load that stub (``TANDEM_CONNECT_JS_URL``), so nothing is fetched from Atlassian.
- Forge: the iframe is the Forge app's Custom UI (descriptors/forge/static/ui, as built), served as Forge serves
  it (its Content Security Policy from the manifest, a stub of the bridge Forge injects); the app's own
  @forge/bridge asks this page for the view's context and for invokeRemote, which the simulated Forge platform
  (tests/forgesim/custom_ui.py) sends to the app with a FIT.
"""
from __future__ import annotations

import html
import itertools
import json
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

from tests.browser.axe import AXE_JS
from tests.forgesim import custom_ui
from tests.jirasim.serving import BackgroundServer

HERE = Path(__file__).parent
CUSTOM_UI = HERE.parents[1] / "descriptors" / "forge" / "static" / "ui"
STUB_RESIZE_JS = (HERE / "stub_resize.js").read_text(encoding="utf-8")
SCRIPTS = {"/all.js": STUB_RESIZE_JS + (HERE / "stub_all.js").read_text(encoding="utf-8"),
           "/forge-bridge.js": STUB_RESIZE_JS + (HERE / "stub_forge_bridge.js").read_text(encoding="utf-8"),
           "/host-relay.js": (HERE / "host_relay.js").read_text(encoding="utf-8")}
HOST_PAGE = (HERE / "host_page.html").read_text(encoding="utf-8")
AXE_PATH = "/axe.min.js"  # for tests/browser/axe.py
# Jira's issue view gives a glance's panel about this much room.
GLANCE_WIDTH = 380


@dataclass(frozen=True)
class View:
    title: str
    breadcrumb: str
    site: object  # the simulated site (tests.jirasim.SimSite)
    account_id: str
    project: dict
    app_path: str | None  # Connect: the iframe's URL relative to the app, without the jwt
    context: dict  # Connect: the context JWT's "jira" claim; Forge: the module's extension
    panel: bool = False  # an issue glance's side panel, not the whole content area
    installation: object = None  # Forge: the app's installation in the site (tests.forgesim); None for Connect


class JiraHost:
    def __init__(self):
        self._views: dict[str, View] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._server = BackgroundServer(self._wsgi)
        self.url = self._server.url
        self.app_url: str | None = None  # set once the app is running
        # What the Content Security Policy blocked in the Forge app's iframe: a test fails on anything here.
        self.blocked: list[str] = []

    @property
    def connect_js_url(self) -> str:
        return self.url + "/all.js"

    @property
    def axe_url(self) -> str:
        return self.url + AXE_PATH

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

    def forge_project_settings(self, installation, account_id: str, project: dict) -> str:
        """The project's settings page with the Forge app's page open (``jira:projectSettingsPage``)."""
        extension = {"type": "jira:projectSettingsPage", "project": _forge_project(project)}
        return self._add(View(f"{project['name']}: Tandem", "Project settings › Tandem", installation.site,
                              account_id, project, None, extension, installation=installation))

    def forge_issue_glance(self, installation, account_id: str, project: dict, issue: dict) -> str:
        """An issue's view with the Forge app's glance open in its side panel (``jira:issueGlance``)."""
        issue_type = issue["fields"]["issuetype"]
        extension = {"type": "jira:issueGlance", "project": _forge_project(project),
                     "issue": {"id": str(issue["id"]), "key": issue["key"], "type": issue_type["name"],
                               "typeId": str(issue_type["id"])}}
        return self._add(View(f"{issue['key']}: {issue['fields']['summary']}", "Issues", installation.site,
                              account_id, project, None, extension, panel=True, installation=installation))

    def _add(self, view: View) -> str:
        with self._lock:
            name = str(next(self._numbers))
            self._views[name] = view
        return f"{self.url}/views/{name}"

    @Request.application
    def _wsgi(self, request: Request) -> Response:
        if request.path in SCRIPTS:
            return Response(SCRIPTS[request.path], content_type="application/javascript")
        if request.path == AXE_PATH:
            return Response(AXE_JS.read_bytes(), content_type="application/javascript")
        if request.path == "/favicon.ico":
            return Response(status=204)
        parts = request.path.strip("/").split("/")
        view = self._views.get(parts[1]) if len(parts) >= 2 and parts[0] == "views" else None
        if view is None:
            return Response("no such view", status=404)
        view_url = "/".join(["", *parts[:2]])
        if parts[2:] == ["token"]:
            token = view.site.context_jwt(view.account_id, jira=view.context)
            return Response(json.dumps({"token": token}), content_type="application/json")
        if parts[2:3] == ["bridge"] and view.installation is not None:
            return _json(self._bridge(view, parts[3], request.get_json()))
        if parts[2:] == ["blocked"]:
            self.blocked.append(request.get_json())
            return _json({})
        if parts[2:3] == ["ui"] and view.installation is not None:
            return self._custom_ui("/".join(parts[3:]), view.installation.platform.manifest.raw)
        return Response(self._page(view, view_url), content_type="text/html; charset=utf-8")

    def _page(self, view: View, view_url: str) -> str:
        if view.installation is None:
            token = view.site.page_jwt("GET", view.app_path, view.account_id)
            src = f"{self.app_url}{view.app_path}&jwt={token}"
        else:
            src = f"{view_url}/ui/index.html"
        iframe = f'<iframe id="app-frame" title="Tandem" src="{html.escape(src)}" allow="clipboard-write"></iframe>'
        body = (f'<div class="issue"><div class="body"><p>Description, comments and the rest of the issue.</p></div>'
                f'<aside aria-label="Tandem glance"><h2>Tandem</h2>{iframe}</aside></div>') if view.panel else iframe
        return HOST_PAGE.format(title=html.escape(view.title), site=html.escape(view.site.base_url),
                                project=html.escape(view.project["name"]), breadcrumb=html.escape(view.breadcrumb),
                                body=body, view_url=json.dumps(view_url), panel_width=GLANCE_WIDTH)

    # --- Forge -----------------------------------------------------------------------------------

    def _bridge(self, view: View, call: str, payload) -> dict:
        """One call of the app's @forge/bridge, answered as Forge answers it."""
        if call == "getContext":
            module_key = view.installation.platform.manifest.modules[view.context["type"]][0]["key"]
            return {"result": custom_ui.view_context(view.installation, view.account_id, module_key, view.context)}
        if call == "invoke" and payload.get("invokeType") == "ui-remote-fetch":
            return {"result": custom_ui.invoke_remote(view.installation, view.account_id, view.context, payload)}
        return {"refused": f"the simulated Forge bridge does not do {call} {payload!r}"}

    def _custom_ui(self, relative: str, manifest: dict) -> Response:
        """A file of the Forge app's Custom UI resource, under Forge's Content Security Policy; its index.html
        gets the bridge first, as Forge injects it."""
        path = safe_join(str(CUSTOM_UI), relative)
        if path is None or not Path(path).is_file():
            return Response("no such file in the Custom UI resource", status=404)
        content = Path(path).read_bytes()
        if relative == "index.html":
            content = content.replace(b"<head>", b'<head>\n<script src="/forge-bridge.js"></script>', 1)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(content, content_type=content_type,
                        headers={"Content-Security-Policy": custom_ui.content_security_policy(manifest)})


def _forge_project(project: dict) -> dict:
    return {"id": str(project["id"]), "key": project["key"], "type": project.get("projectTypeKey", "software")}


def _json(body: dict) -> Response:
    return Response(json.dumps(body), content_type="application/json")


def _jira_query(query: dict, site) -> str:
    """The query Jira puts on an iframe URL: the module's context parameters, then its own (all under the qsh)."""
    return urlencode({**query, "xdm_e": site.base_url, "xdm_c": "channel-tandem", "cp": "", "lic": "none",
                      "cv": "1001.0.0"})
