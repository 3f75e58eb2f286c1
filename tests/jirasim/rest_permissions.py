"""Who may do what: ``POST /permissions/check`` (BulkPermissionGrants) and ``GET /mypermissions``.

The simulated permission scheme: a project's admins (the site admin unless told otherwise) hold
ADMINISTER_PROJECTS; Assignable User is held by the licensed accounts an admin did not withhold it from
(``withhold_assignable``); every other project permission is held by all atlassian accounts and apps (the
default scheme grants them to all users); JSM customers hold none. Site admins hold ADMINISTER.
"""
from .call import Call, JiraError
from .model import Project, User

PROJECT_PERMISSIONS = {
    "ADMINISTER_PROJECTS": "Administer Projects",
    "BROWSE_PROJECTS": "Browse Projects",
    "CREATE_ISSUES": "Create Issues",
    "EDIT_ISSUES": "Edit Issues",
    "DELETE_ISSUES": "Delete Issues",
    "TRANSITION_ISSUES": "Transition Issues",
    "ASSIGN_ISSUES": "Assign Issues",
    "ASSIGNABLE_USER": "Assignable User",
    "ADD_COMMENTS": "Add Comments",
    "EDIT_ALL_COMMENTS": "Edit All Comments",
    "DELETE_ALL_COMMENTS": "Delete All Comments",
    "CREATE_ATTACHMENTS": "Create Attachments",
    "SERVICEDESK_AGENT": "Service Project Agent",
}
GLOBAL_PERMISSIONS = {
    "ADMINISTER": "Administer Jira",
    "USER_PICKER": "Browse users and groups",
    "CREATE_SHARED_OBJECTS": "Share dashboards and filters",
}


def holds_project_permission(state, user: User, project: Project, permission: str) -> bool:
    if user.account_type == "customer":
        return False
    if permission == "ADMINISTER_PROJECTS":
        return user.account_id in project.admins
    if permission == "ASSIGNABLE_USER":
        return project.assignable(user)
    return permission != "SERVICEDESK_AGENT" or project.is_service_desk


def holds_global_permission(state, user: User, permission: str) -> bool:
    if permission == "ADMINISTER":
        return user.account_id in state.site_admins
    return user.account_type != "customer"


def check_permissions(call: Call):
    body = call.body() or {}
    user = _user(call, body.get("accountId"))
    global_keys = body.get("globalPermissions", [])
    project_requests = body.get("projectPermissions", [])
    _require_known(global_keys, GLOBAL_PERMISSIONS)
    _require_known([key for entry in project_requests for key in entry["permissions"]], PROJECT_PERMISSIONS)
    granted: dict[str, dict] = {}
    for entry in project_requests:
        projects = [call.state.find_project(str(project_id)) for project_id in entry.get("projects", [])]
        issues = [call.state.find_issue(str(issue_id)) for issue_id in entry.get("issues", [])]
        for permission in entry["permissions"]:
            grant = granted.setdefault(permission, {"permission": permission, "projects": [], "issues": []})
            grant["projects"] += [
                int(project.id) for project in projects
                if project and holds_project_permission(call.state, user, project, permission)
            ]
            grant["issues"] += [
                int(issue.id) for issue in issues
                if issue and holds_project_permission(call.state, user, issue.project, permission)
            ]
    return 200, {
        "globalPermissions": [key for key in global_keys if holds_global_permission(call.state, user, key)],
        # Jira lists only the permissions granted somewhere among those asked for.
        "projectPermissions": [grant for grant in granted.values() if grant["projects"] or grant["issues"]],
    }


def my_permissions(call: Call):
    """The calling app user's permissions, in a project (``projectKey``/``projectId``/``issueKey``/
    ``issueId``) or, without one, anywhere."""
    keys = call.listed("permissions")
    if not keys:
        raise JiraError(400, ["The 'permissions' query parameter is required."])
    _require_known(keys, {**PROJECT_PERMISSIONS, **GLOBAL_PERMISSIONS})
    projects = _context_projects(call)
    shown = {}
    for key in keys:
        if key in GLOBAL_PERMISSIONS:
            kind, name, held = "GLOBAL", GLOBAL_PERMISSIONS[key], holds_global_permission(call.state, call.actor, key)
        else:
            kind, name = "PROJECT", PROJECT_PERMISSIONS[key]
            held = any(holds_project_permission(call.state, call.actor, project, key) for project in projects)
        shown[key] = {"id": key, "key": key, "name": name, "type": kind, "description": name,
                      "havePermission": held}
    return 200, {"permissions": shown}


def _context_projects(call: Call) -> list[Project]:
    for name, find in (("projectKey", call.project), ("projectId", call.project),
                       ("issueKey", lambda value: call.issue(value).project),
                       ("issueId", lambda value: call.issue(value).project)):
        if call.arg(name):
            return [find(call.arg(name))]
    return list(call.state.projects.values())


def _user(call: Call, account_id: str | None) -> User:
    if account_id is None:
        return call.actor
    user = call.state.users.get(account_id)
    if user is None:
        raise JiraError(404, [f"User with accountId '{account_id}' does not exist."])
    return user


def _require_known(keys, catalog: dict) -> None:
    unknown = [key for key in keys if key not in catalog]
    if unknown:
        raise JiraError(400, [f"Unrecognized permission keys: {', '.join(unknown)}"])
