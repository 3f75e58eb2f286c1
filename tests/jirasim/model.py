"""The things a Jira site holds, as plain records: people, projects, service desks, issues, comments.

Values are kept in their Python form (a :class:`Status`, a :class:`User`, an ADF dict); how they
look in JSON is decided by ``views``, and the rules for changing them live in ``state``.
"""
import datetime
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

# A company-managed Jira Software project's issue types, and JSM's IT service desk template's.
SOFTWARE_ISSUE_TYPES = ("Task", "Bug", "Story", "Epic", "New Feature", "Improvement")
SERVICE_DESK_ISSUE_TYPES = ("IT Help", "Purchase", "Access", "Incident", "Change", "Task")
# (request type name, its issue type): a new service desk's portal offers these.
SERVICE_DESK_REQUEST_TYPES = (
    ("Get IT Help", "IT Help"),
    ("Purchase request", "Purchase"),
    ("Request a new account", "Access"),
    ("Report a system problem", "Incident"),
    ("Request a change", "Change"),
)
# The project roles of a new company-managed project (a service desk adds its own), and the site's groups by
# name with their ids: comments may be restricted to one of them.
PROJECT_ROLES = ("Administrators", "Developers", "Users")
SERVICE_DESK_ROLES = ("Service Desk Team", "Service Desk Customers")
GROUPS = {
    "jira-software-users": "5b10ac8d82e05b22cc7d4ef5",
    "jira-servicemanagement-users": "5b10ac8d82e05b22cc7d4ef6",
    "jira-developers": "5b10ac8d82e05b22cc7d4ef7",
    "site-admins": "5b10ac8d82e05b22cc7d4ef8",
}
SD_PUBLIC_COMMENT = "sd.public.comment"
# Issue types above the base level of the hierarchy (Jira's Epic is level 1).
HIERARCHY_LEVELS = {"Epic": 1}
# Sub-task issue types (hierarchy level -1): an issue of one is created under a parent of level 0.
SUBTASK_TYPES = ("Sub-task", "Subtask")


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
    # The profile's "Email address" visibility: when only the user and admins may see it, REST leaves the
    # address out of every answer (and a search by it finds nobody).
    email_visible: bool = True
    active: bool = True

    @property
    def shown_email(self) -> str | None:
        return self.email if self.email_visible else None

    @property
    def assignable(self) -> bool:
        """Licensed people may be assigned issues; apps' own users and JSM customers may not."""
        return self.active and self.account_type == "atlassian"


@dataclass(frozen=True)
class IssueType:
    id: str
    name: str
    subtask: bool = False
    hierarchy_level: int = 0


@dataclass(frozen=True)
class Status:
    id: str
    name: str
    category_key: str  # "new" | "indeterminate" | "done"


@dataclass(frozen=True)
class Resolution:
    id: str
    name: str


@dataclass(frozen=True)
class Priority:
    id: str
    name: str


@dataclass(frozen=True)
class Option:
    """One choice of a select-list, checkboxes or radio custom field; a cascading select's parent options hold
    their child options."""

    id: str
    value: str
    children: tuple["Option", ...] = ()


@dataclass(frozen=True)
class CascadingChoice:
    """A cascading select's value: a parent option and, optionally, one of its children."""

    parent: Option
    child: Option | None = None


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    project_id: str
    description: str = ""


@dataclass(frozen=True)
class Version:
    id: str
    name: str
    project_id: str
    released: bool = False
    archived: bool = False


DEFAULT_STATUSES = (
    Status("10000", "To Do", "new"),
    Status("3", "In Progress", "indeterminate"),
    Status("10001", "Done", "done"),
)
# JSM's IT service desk workflow, shortened: what a customer's request goes through.
SERVICE_DESK_STATUSES = (
    Status("10002", "Waiting for support", "new"),
    Status("10003", "Waiting for customer", "indeterminate"),
    Status("3", "In Progress", "indeterminate"),
    Status("10004", "Resolved", "done"),
)
DEFAULT_RESOLUTIONS = tuple(
    Resolution(str(number), name)
    for number, name in enumerate(("Done", "Won't Do", "Duplicate", "Cannot Reproduce"), start=10000)
)
DEFAULT_PRIORITIES = tuple(
    Priority(str(number), name)
    for number, name in enumerate(("Highest", "High", "Medium", "Low", "Lowest"), start=1)
)
DEFAULT_PRIORITY_NAME = "Medium"


@dataclass(frozen=True)
class RequestType:
    id: str
    name: str
    issue_type: IssueType
    service_desk_id: str
    description: str = ""


@dataclass
class ServiceDesk:
    id: str
    request_types: list[RequestType] = field(default_factory=list)
    customers: set[str] = field(default_factory=set)  # account ids of the portal's customers


@dataclass
class Project:
    id: str
    key: str
    name: str
    type_key: str  # "software" | "service_desk"
    issue_types: list[IssueType]
    lead: User
    admins: set[str] = field(default_factory=set)  # account ids with ADMINISTER_PROJECTS
    service_desk: ServiceDesk | None = None
    issue_counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    # Fields an admin took off the create screen: REST may not set them on create (the edit screen keeps them).
    hidden_on_create: set[str] = field(default_factory=set)
    components: list[Component] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    # Accounts left out of every role the permission scheme grants Assignable User: they may not be assigned here.
    not_assignable: set[str] = field(default_factory=set)

    @property
    def is_service_desk(self) -> bool:
        return self.type_key == "service_desk"

    def assignable(self, user: User) -> bool:
        return user.assignable and user.account_id not in self.not_assignable

    @property
    def roles(self) -> tuple[str, ...]:
        return PROJECT_ROLES + (SERVICE_DESK_ROLES if self.is_service_desk else ())


def restriction(project: Project, kind: str, name: str) -> dict:
    """A comment's ``visibility`` as Jira shows it: restricted to a role of the project or a group of the site.
    Raises ValueError for a role or group that does not exist."""
    if kind == "role" and name in project.roles:
        return {"type": "role", "value": name, "identifier": name}
    if kind == "group" and name in GROUPS:
        return {"type": "group", "value": name, "identifier": GROUPS[name]}
    raise ValueError(f"no {kind} {name!r} in {project.key}")


@dataclass
class Comment:
    id: str
    author: User
    body: dict  # ADF
    created: datetime.datetime
    updated: datetime.datetime
    update_author: User
    properties: dict[str, Any] = field(default_factory=dict)
    visibility: dict | None = None  # {"type": "role"|"group", "value"|"identifier": ...}


@dataclass
class RemoteLink:
    id: int
    global_id: str | None
    details: dict  # application, object, relationship: as the app sent them


@dataclass
class Issue:
    id: str
    key: str
    project: Project
    fields: dict[str, Any]
    comments: list[Comment] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    remote_links: list[RemoteLink] = field(default_factory=list)

    def comment(self, comment_id: str) -> Comment | None:
        return next((comment for comment in self.comments if comment.id == str(comment_id)), None)
