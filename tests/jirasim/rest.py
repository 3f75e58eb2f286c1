"""The platform REST API (``/rest/api/3``) as far as the simulator serves it.

Handlers get the site and the request (path relative to the site's base URL) and return
``(status, json)`` or raise :class:`JiraError`; ``gateway`` has already checked JWT and contract.
"""
import datetime

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from .views import Links, issue_json, jira_datetime, project_json, select_fields, user_json

ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it."


class JiraError(Exception):
    """An error answer in Jira's shape: ``{"errorMessages": [...], "errors": {...}}``."""

    def __init__(self, status: int, messages=(), errors=None):
        super().__init__(status, messages, errors)
        self.status = status
        self.body = {"errorMessages": list(messages), "errors": errors or {}}


def server_info(site, request):
    now = datetime.datetime.now(datetime.timezone.utc)
    return 200, {
        "baseUrl": site.base_url,
        "displayUrl": site.base_url,
        "version": "1001.0.0-SNAPSHOT",
        "versionNumbers": [1001, 0, 0],
        "deploymentType": "Cloud",
        "buildNumber": 100276,
        "buildDate": jira_datetime(now.replace(hour=0, minute=0, second=0, microsecond=0)),
        "serverTime": jira_datetime(now),
        "scmInfo": "0000000000000000000000000000000000000000",
        "serverTitle": "Jira",
        "defaultLocale": {"locale": "en_US"},
        "serverTimeZone": "Etc/UTC",
    }


def myself(site, request):
    """Calls signed by a Connect app run as the app's own user."""
    return 200, {**user_json(site.app_user, _links(site)), "locale": "en_US", "groups": {"size": 0, "items": []}}


def get_issue(site, request, issue_id_or_key):
    issue = site.state.find_issue(issue_id_or_key)
    if issue is None:
        raise JiraError(404, [ISSUE_NOT_FOUND])
    fields = select_fields(site.state.fields, request.args.getlist("fields"))
    return 200, issue_json(issue, fields, _links(site))


def get_project(site, request, project_id_or_key):
    project = site.state.find_project(project_id_or_key)
    if project is None:
        raise JiraError(404, [f"No project could be found with key '{project_id_or_key}'."])
    return 200, project_json(project, _links(site))


def _links(site) -> Links:
    return Links(site.base_url, api_version="3")


ROUTES = Map(
    [
        Rule("/rest/api/3/serverInfo", endpoint=server_info, methods=["GET"]),
        Rule("/rest/api/3/myself", endpoint=myself, methods=["GET"]),
        Rule("/rest/api/3/issue/<issue_id_or_key>", endpoint=get_issue, methods=["GET"]),
        Rule("/rest/api/3/project/<project_id_or_key>", endpoint=get_project, methods=["GET"]),
    ],
    strict_slashes=False,
)


def dispatch(site, request, relative_path: str):
    """Runs the handler for ``relative_path``; Jira-shaped 404/405 for what is not served."""
    adapter = ROUTES.bind("simulator", path_info=relative_path)
    try:
        handler, params = adapter.match(method=request.method)
    except NotFound:
        raise JiraError(404, [f"jirasim does not serve {request.method} {relative_path}"]) from None
    except MethodNotAllowed:
        raise JiraError(405, [f"jirasim does not serve {request.method} {relative_path}"]) from None
    with site.state.lock:
        return handler(site, request, **params)
