"""What one Jira site holds, and Jira's rules for changing it.

The records are in ``model``; value rules in ``coercion``. This module knows nothing of HTTP or
webhooks: ``activity`` pairs each change with the webhooks Jira fires for it.
"""
import itertools
import threading
from typing import Any

from .attachments import AttachmentStore
from .coercion import FieldErrors, ValueRules
from .fields import SCREEN_SYSTEM_FIELDS, SYSTEM_FIELDS, FieldDef, custom_field, request_type_field
from .model import (
    DEFAULT_PRIORITIES, DEFAULT_PRIORITY_NAME, DEFAULT_RESOLUTIONS, DEFAULT_STATUSES, HIERARCHY_LEVELS,
    SERVICE_DESK_STATUSES, SUBTASK_TYPES, Comment, Issue, IssueType, Project, RemoteLink, RequestType,
    SD_PUBLIC_COMMENT, ServiceDesk, Status, User, new_account_id, now,
)
from .workflows import AUTOMATIC_RESOLUTION, RESOLUTION, Transition, Workflow, default_workflow

FIRST_CUSTOM_FIELD_NUMBER = 11000  # above any request type field id (10000-10999)
SUMMARY_REQUIRED = "You must specify a summary of the issue."
NOT_ON_TRANSITION_SCREEN = "Field '{}' cannot be set. It is not on the appropriate screen, or unknown."


class SiteState:
    def __init__(self, request_type_field_id: str, first_request_type_id: int):
        # Held by REST handlers and test helpers alike: the server answers from several threads.
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.site_admins: set[str] = set()
        self.projects: dict[str, Project] = {}
        self.issues: dict[str, Issue] = {}  # by id, in creation order
        self.fields: dict[str, FieldDef] = {f.id: f for f in SYSTEM_FIELDS}
        self.issue_types: dict[str, IssueType] = {}
        self.statuses = list(DEFAULT_STATUSES) + [s for s in SERVICE_DESK_STATUSES if s not in DEFAULT_STATUSES]
        self.resolutions = list(DEFAULT_RESOLUTIONS)
        # (project id, issue type name or "*" for the project's other types) -> its workflow
        self.workflows: dict[tuple[str, str], Workflow] = {}
        # Whether the app may read workflows (POST /rest/api/3/workflows): Jira lets an app with the
        # manage:jira-configuration scope whose user administers Jira, as app users do by default.
        self.workflows_readable = True
        self.priorities = list(DEFAULT_PRIORITIES)
        self.rules = ValueRules(self)
        self.attachments = AttachmentStore()
        self.request_type_field_id = request_type_field_id
        self._ids = itertools.count(10000)
        self._service_desk_ids = itertools.count(1)
        self._request_type_ids = itertools.count(first_request_type_id)
        self._remote_link_ids = itertools.count(10000)
        self._custom_field_numbers = itertools.count(FIRST_CUSTOM_FIELD_NUMBER)

    def next_id(self) -> str:
        return str(next(self._ids))

    # --- people, fields and projects ----------------------------------------------------------

    def add_user(self, display_name: str, account_id: str | None = None, **attributes) -> User:
        user = User(account_id or new_account_id(), display_name, **attributes)
        self.users[user.account_id] = user
        return user

    def add_custom_field(self, name: str, kind: str, options=()) -> FieldDef:
        field_def = custom_field(f"customfield_{next(self._custom_field_numbers)}", name, kind, options)
        self.fields[field_def.id] = field_def
        return field_def

    @property
    def request_type_field(self) -> FieldDef | None:
        """JSM adds the field to a site with its first service project."""
        return self.fields.get(self.request_type_field_id)

    def issue_type_named(self, name: str) -> IssueType:
        """Issue types are site-wide in company-managed projects: two projects' "Task" is one type."""
        if name not in self.issue_types:
            self.issue_types[name] = IssueType(self.next_id(), name, subtask=name in SUBTASK_TYPES,
                                               hierarchy_level=HIERARCHY_LEVELS.get(name, 0))
        return self.issue_types[name]

    def add_project(
        self, key: str, name: str, type_key: str, issue_type_names, lead: User, admins, request_types=()
    ) -> Project:
        """``request_types``: (name, issue type name) pairs, for a service desk project."""
        if key in self.projects:
            raise ValueError(f"project {key} exists")
        types = [self.issue_type_named(type_name) for type_name in issue_type_names]
        project = Project(self.next_id(), key, name, type_key, types, lead, set(admins))
        if project.is_service_desk:
            project.service_desk = self._service_desk(project, request_types)
            self.fields.setdefault(self.request_type_field_id, request_type_field(self.request_type_field_id))
        self.projects[key] = project
        self.workflows[(project.id, "*")] = default_workflow(self.next_id(), project)
        return project

    # --- workflows ----------------------------------------------------------------------------

    def workflow_of(self, project: Project, issue_type: IssueType) -> Workflow:
        return self.workflows.get((project.id, issue_type.name)) or self.workflows[(project.id, "*")]

    def status(self, name: str, category_key: str = "indeterminate") -> Status:
        """The site's status of that name, made now if it has none (statuses are site-wide)."""
        found = next((status for status in self.statuses if status.name == name), None)
        if found is None:
            found = Status(self.next_id(), name, category_key)
            self.statuses.append(found)
        return found

    def transition_issue(self, issue: Issue, transition: Transition, values: dict) -> list[tuple[str, object, object]]:
        """Moves the issue along ``transition`` with the values of its screen; (field id, old, new) per change.
        Raises FieldErrors for a field off the screen or a required one missing, as Jira does."""
        errors = {field_id: NOT_ON_TRANSITION_SCREEN.format(field_id) for field_id in values
                  if field_id not in transition.screen}
        errors.update({field_id: f"{self.fields[field_id].name} is required." for field_id in transition.required
                       if values.get(field_id) in (None, "")})
        if errors:
            raise FieldErrors(errors)
        coerced = self.rules.coerce_all(issue.project, values)
        new = {"status": transition.to, RESOLUTION: _resolution_after(transition.to, coerced, self), **coerced}
        changes = []
        for field_id, value in new.items():
            old = issue.fields.get(field_id)
            if old != value:
                issue.fields[field_id] = value
                changes.append((field_id, old, value))
        issue.fields["updated"] = now()
        return changes

    def _service_desk(self, project: Project, request_types) -> ServiceDesk:
        desk = ServiceDesk(str(next(self._service_desk_ids)))
        by_name = {issue_type.name: issue_type for issue_type in project.issue_types}
        for name, issue_type_name in request_types:
            if issue_type_name not in by_name:
                raise ValueError(f"request type {name!r}: project {project.key} has no issue type {issue_type_name!r}")
            desk.request_types.append(RequestType(str(next(self._request_type_ids)), name, by_name[issue_type_name],
                                                  desk.id))
        return desk

    def find_project(self, id_or_key: str) -> Project | None:
        return self.projects.get(str(id_or_key).upper()) or next(
            (p for p in self.projects.values() if p.id == str(id_or_key)), None
        )

    def require_project(self, id_or_key: str) -> Project:
        """For the test helpers: a project that must exist."""
        project = self.find_project(id_or_key)
        if project is None:
            raise KeyError(f"no project {id_or_key}")
        return project

    def service_desk_projects(self) -> list[Project]:
        return [project for project in self.projects.values() if project.service_desk]

    def fields_of(self, project: Project) -> dict[str, FieldDef]:
        """The fields in the context of the project's issues (the request type field only on JSM)."""
        return {field_id: f for field_id, f in self.fields.items() if f.applies_to(project)}

    def screen_fields(self, project: Project, creating: bool = True) -> list[FieldDef]:
        """What the project's default create (or edit) screen offers: what REST may set."""
        system = [field_id for field_id in SCREEN_SYSTEM_FIELDS if creating or field_id != "reporter"]
        custom = [f for f in self.fields_of(project).values() if f.custom]
        shown = [self.fields[field_id] for field_id in system] + custom
        return [f for f in shown if not (creating and f.id in project.hidden_on_create)]

    # --- issues -------------------------------------------------------------------------------

    def find_issue(self, id_or_key: str) -> Issue | None:
        if str(id_or_key) in self.issues:
            return self.issues[str(id_or_key)]
        wanted = str(id_or_key).upper()  # Jira finds keys case-insensitively
        return next((issue for issue in self.issues.values() if issue.key == wanted), None)

    def require_issue(self, id_or_key: str) -> Issue:
        """For the test helpers: an issue that must exist."""
        issue = self.find_issue(id_or_key)
        if issue is None:
            raise KeyError(f"no issue {id_or_key}")
        return issue

    def issues_of(self, project: Project) -> list[Issue]:
        return [issue for issue in self.issues.values() if issue.project is project]

    def create_issue(
        self, project: Project, values: dict[str, Any], reporter: User, properties=None, settable=None
    ) -> Issue:
        """``values`` in any accepted input form (see ``coercion``); summary and issuetype required.

        ``settable``: the field ids the create screen offers (for REST calls); None: any field."""
        errors = {}
        if values.get("issuetype") in (None, ""):
            errors["issuetype"] = "Specify an issue type"
        if values.get("summary") in (None, ""):
            errors["summary"] = SUMMARY_REQUIRED
        try:
            coerced = self.rules.coerce_all(project, {k: v for k, v in values.items() if k not in errors}, settable)
            errors.update(_hierarchy_errors(coerced))
        except FieldErrors as refused:
            errors.update(refused.errors)
        if errors:
            raise FieldErrors(errors)
        created = now()
        stored = {
            "priority": next((p for p in self.priorities if p.name == DEFAULT_PRIORITY_NAME), self.priorities[0]),
            "status": None,
            RESOLUTION: None,
            "labels": [],
            "description": None,
            "duedate": None,
            "assignee": None,
            "components": [],
            "fixVersions": [],
            "versions": [],
            "reporter": reporter,
            "creator": reporter,
            "created": created,
            "updated": created,
            **coerced,
        }
        if stored["status"] is None:
            stored["status"] = self.workflow_of(project, stored["issuetype"]).initial
        issue = Issue(self.next_id(), f"{project.key}-{next(project.issue_counter)}", project, stored,
                      properties=dict(properties or {}))
        self.issues[issue.id] = issue
        return issue

    def update_issue(self, issue: Issue, values: dict[str, Any], settable=None) -> list[tuple[str, Any, Any]]:
        """Sets the values; returns (field id, old, new) for each value that really changed."""
        if values.get("summary", "not set") in (None, ""):
            raise FieldErrors({"summary": SUMMARY_REQUIRED})
        changes = []
        for field_id, new in self.rules.coerce_all(issue.project, values, settable).items():
            old = issue.fields.get(field_id)
            if old != new:
                issue.fields[field_id] = new
                changes.append((field_id, old, new))
        if changes:
            issue.fields["updated"] = now()
        return changes

    def delete_issue(self, issue: Issue) -> None:
        del self.issues[issue.id]

    # --- comments -----------------------------------------------------------------------------

    def add_comment(self, issue: Issue, author: User, body: dict, properties=None, visibility=None) -> Comment:
        created = now()
        comment = Comment(self.next_id(), author, body, created, created, author, dict(properties or {}), visibility)
        issue.comments.append(comment)
        issue.fields["updated"] = created
        return comment

    def edit_comment(self, issue: Issue, comment: Comment, editor: User, body: dict, visibility=None) -> None:
        """Jira records every edit, even one that leaves the text as it was."""
        comment.body = body
        comment.update_author = editor
        comment.updated = now()
        if visibility is not None:
            comment.visibility = visibility
        issue.fields["updated"] = comment.updated

    def set_comment_visibility(self, issue: Issue, comment: Comment, editor: User, visibility: dict | None,
                               internal: bool | None = None) -> None:
        """A person's change of who may see the comment: a role or group (``visibility``, None: no restriction)
        and, on a service desk, internal or shared with the customer (``internal``, None: as it was)."""
        comment.visibility = visibility
        if internal is not None:
            comment.properties[SD_PUBLIC_COMMENT] = {"internal": internal}
        comment.update_author = editor
        comment.updated = now()
        issue.fields["updated"] = comment.updated

    def find_comment(self, comment_id: str) -> tuple[Issue, Comment] | None:
        """Comment ids are unique across the site, as Jira's comment endpoints assume."""
        for issue in self.issues.values():
            comment = issue.comment(comment_id)
            if comment is not None:
                return issue, comment
        return None

    def delete_comment(self, issue: Issue, comment: Comment) -> None:
        issue.comments.remove(comment)
        issue.fields["updated"] = now()

    # --- remote links -------------------------------------------------------------------------

    def upsert_remote_link(self, issue: Issue, details: dict) -> tuple[RemoteLink, bool]:
        """Jira updates the link with the same globalId instead of adding one; (link, created)."""
        global_id = details.get("globalId")
        kept = {key: value for key, value in details.items() if key != "globalId"}
        existing = next((link for link in issue.remote_links if global_id and link.global_id == global_id), None)
        if existing:
            existing.details = kept
            return existing, False
        link = RemoteLink(next(self._remote_link_ids), global_id, kept)
        issue.remote_links.append(link)
        return link, True



def _hierarchy_errors(coerced: dict) -> dict:
    """A sub-task needs a parent, one level up the hierarchy; any parent must be one level up."""
    issue_type, parent = coerced.get("issuetype"), coerced.get("parent")
    if issue_type is None:
        return {}
    level = -1 if issue_type.subtask else issue_type.hierarchy_level
    if parent is None:
        return {"parent": "Sub-tasks must be created under a parent issue."} if issue_type.subtask else {}
    parent_type = parent.fields["issuetype"]
    parent_level = -1 if parent_type.subtask else parent_type.hierarchy_level
    if parent_level != level + 1:
        return {"parent": "Given parent issue does not belong to appropriate hierarchy."}
    return {}


def _resolution_after(status: Status, given: dict, state: SiteState):
    """Leaving the done category clears the resolution; entering it without one sets Jira's automatic one."""
    if status.category_key != "done":
        return None
    if given.get(RESOLUTION) is not None:
        return given[RESOLUTION]
    return next(resolution for resolution in state.resolutions if resolution.name == AUTOMATIC_RESOLUTION)
