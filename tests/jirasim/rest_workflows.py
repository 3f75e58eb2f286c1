"""Statuses and workflows through REST v3: an issue's transitions (read and performed), a project's statuses per
issue type, and the workflows of a project's issue types (``POST /rest/api/3/workflows``, an admin's read)."""
import uuid

from .call import Call, JiraError
from .coercion import FieldErrors
from .fields import FieldDef
from .model import Issue, Status
from .views import issue_type_json, resolution_json, status_json
from .workflows import RESOLUTION, Transition, Workflow

CATEGORY_NAMES = {"new": "TODO", "indeterminate": "IN_PROGRESS", "done": "DONE"}
NO_WORKFLOW_READS = "You do not have permission to view these workflows."


def get_transitions(call: Call, issue_id_or_key):
    """What may be done from the issue's current status; ``expand=transitions.fields`` adds each screen's fields,
    ``transitionId`` keeps one (an empty list when it is not available, as Jira answers)."""
    issue = call.issue(issue_id_or_key)
    available = _workflow_of(call, issue).available_from(issue.fields["status"])
    wanted = call.arg("transitionId")
    if wanted is not None:
        available = [transition for transition in available if transition.id == wanted]
    with_fields = "transitions.fields" in call.listed("expand")
    return 200, {"expand": "transitions",
                 "transitions": [_transition_json(call, transition, with_fields) for transition in available]}


def do_transition(call: Call, issue_id_or_key):
    issue = call.issue(issue_id_or_key)
    body = call.body() or {}
    if body.get("update"):
        raise JiraError(400, ["jirasim does not support 'update' operations: set values with 'fields'"])
    wanted = str((body.get("transition") or {}).get("id") or "")
    if not wanted:
        raise JiraError(400, ["Missing 'transition' identifier"])
    transition = next((t for t in _workflow_of(call, issue).available_from(issue.fields["status"]) if t.id == wanted),
                      None)
    if transition is None:
        raise JiraError(400, [f"Transition id '{wanted}' is not valid for this issue."])
    try:
        call.activity.transition_issue(issue, transition, dict(body.get("fields") or {}), call.actor)
    except FieldErrors as refused:
        raise JiraError(400, errors=refused.errors) from None
    return 204, None


def project_statuses(call: Call, project_id_or_key):
    project = call.project(project_id_or_key)
    shown = []
    for issue_type in project.issue_types:
        statuses = call.state.workflow_of(project, issue_type).statuses
        shown.append({"self": issue_type_json(issue_type, call.links)["self"], "id": issue_type.id,
                      "name": issue_type.name, "subtask": issue_type.subtask,
                      "statuses": [{**status_json(status, call.links), "untranslatedName": status.name}
                                   for status in statuses]})
    return 200, shown


def search_resolutions(call: Call):
    """The site's resolutions, a page at a time (``startAt`` and ``maxResults`` are strings in this API)."""
    start_at, max_results = call.int_arg("startAt", 0), call.int_arg("maxResults", 50)
    resolutions = call.state.resolutions
    page = resolutions[start_at:start_at + max_results]
    return 200, {"self": call.request.url, "startAt": start_at, "maxResults": max_results, "total": len(resolutions),
                 "isLast": start_at + max_results >= len(resolutions),
                 "values": [{**resolution_json(resolution, call.links), "isDefault": False} for resolution in page]}


def read_workflows(call: Call):
    """The workflows of the given project and issue type pairs (names and ids too), with their statuses."""
    if not call.state.workflows_readable:
        raise JiraError(403, [NO_WORKFLOW_READS])
    body = call.body() or {}
    found: dict[str, Workflow] = {}
    for pair in body.get("projectAndIssueTypes") or []:
        project = call.state.find_project(str(pair.get("projectId")))
        issue_type = next((t for t in project.issue_types if t.id == str(pair.get("issueTypeId"))), None) \
            if project else None
        if issue_type is not None:
            workflow = call.state.workflow_of(project, issue_type)
            found[workflow.id] = workflow
    for workflow in call.state.workflows.values():
        if workflow.name in (body.get("workflowNames") or []) or workflow.id in (body.get("workflowIds") or []):
            found[workflow.id] = workflow
    statuses = {status.id: status for workflow in found.values() for status in workflow.statuses}
    return 200, {"workflows": [_workflow_json(workflow) for workflow in found.values()],
                 "statuses": [_workflow_status_json(status) for status in statuses.values()]}


def _workflow_of(call: Call, issue: Issue) -> Workflow:
    return call.state.workflow_of(issue.project, issue.fields["issuetype"])


def _transition_json(call: Call, transition: Transition, with_fields: bool) -> dict:
    shown = {"id": transition.id, "name": transition.name, "to": status_json(transition.to, call.links),
             "hasScreen": bool(transition.screen), "isGlobal": transition.is_global, "isInitial": False,
             "isAvailable": True, "isConditional": False, "looped": False}
    if with_fields:
        shown["fields"] = {field_id: _screen_field_json(call, call.state.fields[field_id],
                                                        field_id in transition.required)
                           for field_id in transition.screen}
    return shown


def _screen_field_json(call: Call, field: FieldDef, required: bool) -> dict:
    shown = {"required": required, "schema": field.json_schema, "name": field.name, "key": field.id,
             "fieldId": field.id, "hasDefaultValue": False, "operations": ["set"]}
    if field.id == RESOLUTION:
        shown["allowedValues"] = [resolution_json(resolution, call.links) for resolution in call.state.resolutions]
    return shown


def _reference(status: Status) -> str:
    """Workflows name their statuses by a reference of their own (a UUID), not by the status id."""
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"jirasim-status-{status.id}"))


def _workflow_json(workflow: Workflow) -> dict:
    initial = {"id": "1", "name": "Create", "description": "", "type": "INITIAL",
               "toStatusReference": _reference(workflow.initial), "links": [], "actions": [], "validators": [],
               "triggers": [], "properties": {}}
    return {"id": workflow.id, "name": workflow.name, "description": "", "isEditable": True,
            "scope": {"type": "GLOBAL"}, "version": {"id": str(uuid.uuid5(uuid.NAMESPACE_OID, workflow.id)),
                                                    "versionNumber": 1},
            "statuses": [{"statusReference": _reference(status), "deprecated": False, "properties": {}}
                         for status in workflow.statuses],
            "transitions": [initial, *(_workflow_transition_json(workflow, t) for t in workflow.transitions)]}


def _workflow_transition_json(workflow: Workflow, transition: Transition) -> dict:
    sources = [] if transition.is_global else [status for status in workflow.statuses
                                               if status.id in transition.sources]
    shown = {"id": transition.id, "name": transition.name, "description": "",
             "type": "GLOBAL" if transition.is_global else "DIRECTED",
             "toStatusReference": _reference(transition.to),
             "links": [{"fromStatusReference": _reference(source), "fromPort": 0, "toPort": 1} for source in sources],
             "actions": [], "validators": [], "triggers": [], "properties": {}}
    if transition.screen:
        shown["transitionScreen"] = {"ruleKey": "system:transition-screen", "parameters": {"screenId": "3"}}
    return shown


def _workflow_status_json(status: Status) -> dict:
    return {"id": status.id, "name": status.name, "statusCategory": CATEGORY_NAMES[status.category_key],
            "statusReference": _reference(status), "scope": {"type": "GLOBAL"}, "description": ""}
