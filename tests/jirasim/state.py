"""What one Jira site holds: users, projects, issues and their comments.

Values are stored in their Python form (a :class:`Status`, a :class:`User`, an ADF dict) under the
field id; how they look in JSON is decided by ``views``. Jira-side rules for setting a value (which
issue types a project has, what a label may be) live here, so the test helpers and the REST API
(later) apply the same ones.
"""
import datetime
import itertools
import re
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from .fields import DERIVED_FIELDS, SYSTEM_FIELDS, FieldDef

SOFTWARE_ISSUE_TYPES = ("Task", "Bug", "Story")
SERVICE_DESK_ISSUE_TYPES = ("IT Help", "Purchase", "Access", "Fault", "Change")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def new_account_id() -> str:
    """Atlassian account ids look like ``557058:<uuid>`` for accounts made by a product."""
    return f"557058:{uuid.uuid4()}"


@dataclass
class User:
    account_id: str
    display_name: str
    account_type: str = "atlassian"  # "app" for an app's own user, "customer" for JSM customers
    email: str | None = None
    time_zone: str = "Etc/UTC"


@dataclass(frozen=True)
class IssueType:
    id: str
    name: str
    subtask: bool = False


@dataclass(frozen=True)
class Status:
    id: str
    name: str
    category_key: str  # "new" | "indeterminate" | "done"


@dataclass(frozen=True)
class Priority:
    id: str
    name: str


DEFAULT_STATUSES = (
    Status("10000", "To Do", "new"),
    Status("3", "In Progress", "indeterminate"),
    Status("10001", "Done", "done"),
)
DEFAULT_PRIORITIES = tuple(
    Priority(str(number), name)
    for number, name in enumerate(("Highest", "High", "Medium", "Low", "Lowest"), start=1)
)
DEFAULT_PRIORITY_NAME = "Medium"


@dataclass
class Project:
    id: str
    key: str
    name: str
    type_key: str  # "software" | "service_desk"
    issue_types: list[IssueType]
    lead: User
    issue_counter: itertools.count = field(default_factory=lambda: itertools.count(1))


@dataclass
class Comment:
    id: str
    author: User
    body: dict  # ADF
    created: datetime.datetime
    updated: datetime.datetime
    update_author: User
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Issue:
    id: str
    key: str
    project: Project
    fields: dict[str, Any]
    comments: list[Comment] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)


class FieldError(ValueError):
    """A value Jira would refuse for a field (REST answers 400 with ``errors[field_id]``)."""

    def __init__(self, field_id: str, message: str):
        super().__init__(f"{field_id}: {message}")
        self.field_id = field_id
        self.message = message


class SiteState:
    def __init__(self):
        # Held by REST handlers and test helpers alike: the server answers from several threads.
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.projects: dict[str, Project] = {}
        self.issues: dict[str, Issue] = {}
        self.fields: dict[str, FieldDef] = {f.id: f for f in SYSTEM_FIELDS}
        self.issue_types: dict[str, IssueType] = {}
        self.statuses = list(DEFAULT_STATUSES)
        self.priorities = list(DEFAULT_PRIORITIES)
        self._ids = itertools.count(10000)

    def next_id(self) -> str:
        return str(next(self._ids))

    def add_user(self, display_name: str, account_id: str | None = None, **attributes) -> User:
        user = User(account_id or new_account_id(), display_name, **attributes)
        self.users[user.account_id] = user
        return user

    def issue_type_named(self, name: str) -> IssueType:
        """Issue types are site-wide in Jira: two projects' "Task" is the same type."""
        if name not in self.issue_types:
            self.issue_types[name] = IssueType(self.next_id(), name)
        return self.issue_types[name]

    def add_project(self, key: str, name: str, type_key: str, issue_type_names, lead: User) -> Project:
        if key in self.projects:
            raise ValueError(f"project {key} exists")
        types = [self.issue_type_named(type_name) for type_name in issue_type_names]
        project = Project(self.next_id(), key, name, type_key, types, lead)
        self.projects[key] = project
        return project

    def find_project(self, id_or_key: str) -> Project | None:
        return self.projects.get(id_or_key.upper()) or next(
            (p for p in self.projects.values() if p.id == id_or_key), None
        )

    def find_issue(self, id_or_key: str) -> Issue | None:
        if id_or_key in self.issues:
            return self.issues[id_or_key]
        wanted = id_or_key.upper()  # Jira finds keys case-insensitively
        return next((issue for issue in self.issues.values() if issue.key == wanted), None)

    def create_issue(self, project: Project, values: dict[str, Any], reporter: User) -> Issue:
        """``values`` in any accepted input form (see :meth:`coerce`); summary and issuetype required."""
        for required in ("summary", "issuetype"):
            if values.get(required) in (None, ""):
                raise FieldError(required, f"{self.fields[required].name} is required.")
        created = now()
        stored = {
            "priority": self._priority(DEFAULT_PRIORITY_NAME),
            "status": self.statuses[0],
            "labels": [],
            "description": None,
            "duedate": None,
            "assignee": None,
            "reporter": reporter,
            "creator": reporter,
            "created": created,
            "updated": created,
        }
        stored.update(self.coerce_all(project, values))
        issue_id = self.next_id()
        issue = Issue(issue_id, f"{project.key}-{next(project.issue_counter)}", project, stored)
        self.issues[issue_id] = issue
        return issue

    def update_issue(self, issue: Issue, values: dict[str, Any]) -> list[tuple[str, Any, Any]]:
        """Sets the values; returns (field id, old, new) for each value that really changed."""
        changes = []
        for field_id, new in self.coerce_all(issue.project, values).items():
            old = issue.fields.get(field_id)
            if old != new:
                issue.fields[field_id] = new
                changes.append((field_id, old, new))
        if changes:
            issue.fields["updated"] = now()
        return changes

    def delete_issue(self, issue: Issue) -> None:
        del self.issues[issue.id]

    def add_comment(self, issue: Issue, author: User, body: dict) -> Comment:
        created = now()
        comment = Comment(self.next_id(), author, body, created, created, author)
        issue.comments.append(comment)
        issue.fields["updated"] = created
        return comment

    def coerce_all(self, project: Project, values: dict[str, Any]) -> dict[str, Any]:
        return {field_id: self.coerce(project, field_id, raw) for field_id, raw in values.items()}

    def coerce(self, project: Project, field_id: str, raw: Any) -> Any:
        """The stored form of ``raw``: a name, an id, ``{"id"|"name"|"accountId": ...}`` or the object."""
        field_def = self.fields.get(field_id)
        if field_def is None:
            raise FieldError(
                field_id, f"Field '{field_id}' cannot be set. It is not on the appropriate screen, or unknown."
            )
        if field_id in DERIVED_FIELDS:
            raise FieldError(field_id, f"Field '{field_id}' cannot be set.")
        if raw is None:
            return [] if field_def.value_type == "array" else None
        coerce_as = getattr(self, f"_coerce_{field_def.value_type.replace('-', '_')}", None)
        if coerce_as is None:
            raise FieldError(field_id, f"the simulator cannot set fields of type {field_def.value_type}")
        return coerce_as(project, field_id, raw)

    def _coerce_string(self, project, field_id, raw):
        if not isinstance(raw, str):
            raise FieldError(field_id, "Operation value must be a string")
        return raw

    def _coerce_doc(self, project, field_id, raw):
        if not (isinstance(raw, dict) and raw.get("type") == "doc"):
            raise FieldError(
                field_id, "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
            )
        return raw

    def _coerce_array(self, project, field_id, raw):
        if not isinstance(raw, list) or not all(isinstance(label, str) for label in raw):
            raise FieldError(field_id, "Operation value must be an array of strings")
        if any(not label or " " in label for label in raw):
            raise FieldError(field_id, "The label can't contain spaces.")
        return list(raw)

    def _coerce_date(self, project, field_id, raw):
        if not (isinstance(raw, str) and DATE_PATTERN.match(raw)):
            raise FieldError(field_id, "Error parsing date string: " + str(raw))
        return raw

    def _coerce_issuetype(self, project, field_id, raw):
        return self._pick(field_id, project.issue_types, raw, "Specify a valid issue type")

    def _coerce_priority(self, project, field_id, raw):
        return self._pick(field_id, self.priorities, raw, "Specify the Priority (name or id) in the correct format")

    def _coerce_status(self, project, field_id, raw):
        return self._pick(field_id, self.statuses, raw, "Specify a valid status")

    def _coerce_user(self, project, field_id, raw):
        if isinstance(raw, User):
            return raw
        account_id = raw.get("accountId") if isinstance(raw, dict) else raw
        if account_id not in self.users:
            raise FieldError(field_id, "Specified user does not exist or you do not have required permissions")
        return self.users[account_id]

    def _priority(self, name: str) -> Priority:
        return next(p for p in self.priorities if p.name == name)

    @staticmethod
    def _pick(field_id: str, choices, raw, message: str):
        """One of ``choices`` (objects with id and name) named by object, name, id or {"id"|"name"}."""
        if raw in choices:
            return raw
        if isinstance(raw, dict):
            wanted = [("id", raw["id"])] if "id" in raw else [("name", raw.get("name"))]
        else:
            wanted = [("name", raw), ("id", raw)]
        for attribute, value in wanted:
            match = next((choice for choice in choices if getattr(choice, attribute) == value), None)
            if match is not None:
                return match
        raise FieldError(field_id, message)
