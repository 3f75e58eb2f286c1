"""Issues through REST v3: create, read, edit, delete; their entity properties and remote links.

Changes go through ``activity`` with the app's user as the actor, so they fire the webhooks a
person's change would. Field errors are collected and answered together, as Jira does.
"""
from .call import Call, JiraError, entity_properties
from .coercion import FieldErrors
from .model import Issue, Project
from .views import issue_json, remote_link_json, select_fields

def create_issue(call: Call):
    body = call.body() or {}
    _refuse_update_operations(body)
    values = dict(body.get("fields") or {})
    project = _project_of(call, values.pop("project", None))
    settable = _settable_checking_adf(call, project, values, creating=True)
    properties = entity_properties(body.get("properties"))
    try:
        issue = call.activity.create_issue(project, values, call.actor, properties, settable)
    except FieldErrors as refused:
        raise JiraError(400, errors=refused.errors) from None
    call.site.search_index.created(issue)
    return 201, {"id": issue.id, "key": issue.key, "self": call.links.rest(f"issue/{issue.id}")}


def get_issue(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    fields = select_fields(call.state.fields_of(issue.project), call.request.args.getlist("fields"))
    return 200, issue_json(issue, fields, call.links, call.listed("properties"))


def edit_issue(call: Call, issue_id_or_key):
    """``notifyUsers`` only decides about e-mails, which the simulator does not send."""
    issue = call.issue(issue_id_or_key)
    body = call.body() or {}
    _refuse_update_operations(body)
    values = dict(body.get("fields") or {})
    settable = _settable_checking_adf(call, issue.project, values, creating=False)
    properties = entity_properties(body.get("properties"))
    try:
        call.activity.update_issue(issue, values, call.actor, settable)
    except FieldErrors as refused:
        raise JiraError(400, errors=refused.errors) from None
    if properties:
        call.site.search_index.properties_changing(issue)
    issue.properties.update(properties)
    if call.arg("returnIssue") == "true":
        return 200, issue_json(issue, list(call.state.fields_of(issue.project).values()), call.links)
    return 204, None


def delete_issue(call: Call, issue_id_or_key):
    call.activity.delete_issue(call.issue(issue_id_or_key), call.actor)
    return 204, None


# --- entity properties --------------------------------------------------------------------------


def list_properties(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    return 200, {"keys": [{"self": _property_url(call, issue, key), "key": key} for key in issue.properties]}


def get_property(call: Call, issue_id_or_key, property_key):
    issue = call.issue(issue_id_or_key)
    if property_key not in issue.properties:
        raise JiraError(404, [f"The property with key '{property_key}' does not exist."])
    return 200, {"key": property_key, "value": issue.properties[property_key]}


def set_property(call: Call, issue_id_or_key, property_key):
    """201 when the property is new, 200 when it replaced a value."""
    issue = call.issue(issue_id_or_key)
    [(key, value)] = entity_properties([{"key": property_key, "value": call.body()}]).items()
    existed = key in issue.properties
    call.site.search_index.properties_changing(issue)
    issue.properties[key] = value
    return (200 if existed else 201), None


def delete_property(call: Call, issue_id_or_key, property_key):
    issue = call.issue(issue_id_or_key)
    call.site.search_index.properties_changing(issue)
    if issue.properties.pop(property_key, None) is None:
        raise JiraError(404, [f"The property with key '{property_key}' does not exist."])
    return 204, None


def _property_url(call: Call, issue: Issue, key: str) -> str:
    return call.links.rest(f"issue/{issue.id}/properties/{key}")


# --- remote links -------------------------------------------------------------------------------


def list_remote_links(call: Call, issue_id_or_key):
    """All the issue's links, or (``globalId``) the one with that global id."""
    issue = call.issue(issue_id_or_key)
    global_id = call.arg("globalId")
    if global_id is None:
        return 200, [remote_link_json(issue, link, call.links) for link in issue.remote_links]
    link = next((link for link in issue.remote_links if link.global_id == global_id), None)
    if link is None:
        raise JiraError(404, [f"No remote link with globalId '{global_id}' exists on this issue."])
    return 200, remote_link_json(issue, link, call.links)


def add_remote_link(call: Call, issue_id_or_key):
    """A globalId already on the issue updates that link (200) instead of adding one (201)."""
    issue = call.issue(issue_id_or_key)
    body = call.body() or {}
    target = body.get("object") or {}
    missing = {name: f"'{name}' is required." for name in ("url", "title") if not target.get(name)}
    if missing:
        raise JiraError(400, errors=missing)
    link, created = call.state.upsert_remote_link(issue, body)
    return (201 if created else 200), {"id": link.id, "self": call.links.rest(f"issue/{issue.id}/remotelink/{link.id}")}


def delete_remote_link(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    global_id = call.arg("globalId")
    link = next((link for link in issue.remote_links if link.global_id == global_id), None)
    if link is None:
        raise JiraError(404, [f"No remote link with globalId '{global_id}' exists on this issue."])
    issue.remote_links.remove(link)
    return 204, None


# --- validation ---------------------------------------------------------------------------------


def _project_of(call: Call, reference) -> Project:
    wanted = (reference.get("id") or reference.get("key")) if isinstance(reference, dict) else None
    project = call.state.find_project(str(wanted)) if wanted else None
    if project is None:
        raise JiraError(400, errors={"project": "Specify a valid project ID or key"})
    return project


def _settable_checking_adf(call: Call, project: Project, values: dict, creating: bool) -> set[str]:
    """The field ids the screen offers; on the way, ADF documents set on them must be valid ADF."""
    settable = {field.id: field for field in call.state.screen_fields(project, creating)}
    for field_id, value in values.items():
        field = settable.get(field_id)
        if field and field.value_type == "doc" and isinstance(value, dict) and value.get("type") == "doc":
            call.require_valid_adf(value, f"field {field_id}")
    return set(settable)


def _refuse_update_operations(body: dict) -> None:
    if body.get("update"):
        raise JiraError(400, ["jirasim does not support 'update' operations: set values with 'fields'"])
