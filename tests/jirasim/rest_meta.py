"""What the app reads about the site: server, itself, projects, fields and create metadata."""
import datetime

from .call import Call, JiraError
from .fields import create_field_json, field_json
from .links import jira_datetime
from .views import (
    issue_type_json, option_json, priority_json, project_json, project_reference_json, user_json,
)

DEFAULT_PAGE = 50


def server_info(call: Call):
    now = datetime.datetime.now(datetime.timezone.utc)
    return 200, {
        "baseUrl": call.site.base_url,
        "displayUrl": call.site.base_url,
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


def myself(call: Call):
    return 200, {**user_json(call.actor, call.links), "locale": "en_US", "groups": {"size": 0, "items": []}}


def get_project(call: Call, project_id_or_key):
    return 200, project_json(call.project(project_id_or_key), call.links)


def search_projects(call: Call):
    """``query`` matches keys and names, case-insensitively; ``typeKey`` filters by project type."""
    query = (call.arg("query") or "").lower()
    type_keys = call.listed("typeKey")
    expand = call.listed("expand")
    found = [
        project for project in call.state.projects.values()
        if (query in project.key.lower() or query in project.name.lower())
        and (not type_keys or project.type_key in type_keys)
    ]
    start_at, max_results = call.int_arg("startAt", 0), call.int_arg("maxResults", DEFAULT_PAGE)
    page = found[start_at:start_at + max_results]
    values = []
    for project in page:
        shown = project_reference_json(project, call.links)
        if "issueTypes" in expand:
            shown["issueTypes"] = [issue_type_json(t, call.links) for t in project.issue_types]
        values.append({**shown, "isPrivate": False, "properties": {}})
    return 200, {
        "self": call.request.url,
        "maxResults": max_results,
        "startAt": start_at,
        "total": len(found),
        "isLast": start_at + max_results >= len(found),
        "values": values,
    }


def list_fields(call: Call):
    return 200, [field_json(field) for field in call.state.fields.values()]


def create_issue_types(call: Call, project_id_or_key):
    project = call.project(project_id_or_key)
    shown = [issue_type_json(issue_type, call.links) for issue_type in project.issue_types]
    return 200, _meta_page(call, "issueTypes", shown)


def create_fields(call: Call, project_id_or_key, issue_type_id):
    project = call.project(project_id_or_key)
    issue_type = next((t for t in project.issue_types if t.id == issue_type_id), None)
    if issue_type is None:
        raise JiraError(404, [f"Issue type with id '{issue_type_id}' does not exist in project {project.key}."])
    allowed = {
        "project": [project_reference_json(project, call.links)],
        "issuetype": [issue_type_json(issue_type, call.links)],
        "priority": [priority_json(priority, call.links) for priority in call.state.priorities],
    }
    on_screen = [call.state.fields["project"], *call.state.screen_fields(project)]
    shown = []
    for field in on_screen:
        values = allowed.get(field.id)
        if field.options:
            values = [option_json(option, call.links) for option in field.options]
        shown.append(create_field_json(field, values))
    return 200, _meta_page(call, "fields", shown)


def _meta_page(call: Call, name: str, values: list) -> dict:
    start_at, max_results = call.int_arg("startAt", 0), call.int_arg("maxResults", DEFAULT_PAGE)
    return {
        "maxResults": max_results,
        "startAt": start_at,
        "total": len(values),
        name: values[start_at:start_at + max_results],
    }
