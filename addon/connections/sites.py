"""The sites and projects on either side, as Jira describes them."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from addon.connections.errors import NotFound, SiteUnavailable
from addon.connectors.jira import JiraError
from addon.db.tenant import Tenant
from addon.sync.templates import SideProfile

SERVICE_DESK = "service_desk"


@dataclass(frozen=True)
class ProjectFacts:
    id: str
    key: str
    name: str
    is_service_desk: bool
    issue_types: tuple[str, ...]
    statuses: tuple[str, ...] = ()  # read only when asked for (read_project)

    @property
    def profile(self) -> SideProfile:
        return SideProfile(self.is_service_desk, self.issue_types, self.statuses)


@dataclass(frozen=True)
class ProjectSummary:
    """A project as the wizard lists it."""

    id: str
    key: str
    name: str
    type_key: str


@dataclass(frozen=True)
class SideMetadata:
    """What a half may name on one side: its project's issue types and statuses, the site's fields and resolutions,
    the desk's request types."""

    site_url: str
    project: ProjectFacts
    field_ids: frozenset[str]
    request_types: tuple[str, ...]
    fields: dict = field(default_factory=dict)  # field id -> the site's field (its name and schema)
    resolutions: tuple[str, ...] = ()  # the site's, for the screens of workflow transitions


def load_tenant(session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound(f"no site with id {tenant_id}")
    return tenant


def require_active(tenant: Tenant) -> Tenant:
    if not tenant.active:
        raise SiteUnavailable(f"the site {tenant.base_url} has uninstalled or disabled Tandem")
    return tenant


def read_project(runtime, tenant: Tenant, project_id_or_key: str, statuses: bool = False) -> ProjectFacts:
    """``statuses``: read the project's statuses too (a template maps them)."""
    try:
        project = runtime.jira(require_active(tenant)).project(project_id_or_key)
    except JiraError as error:
        if error.verdict.status == 404:
            raise NotFound(f"project {project_id_or_key} does not exist on {tenant.base_url}") from error
        raise
    return ProjectFacts(
        id=str(project["id"]),
        key=project["key"],
        name=project.get("name", project["key"]),
        is_service_desk=project.get("projectTypeKey") == SERVICE_DESK,
        issue_types=tuple(issue_type["name"] for issue_type in project.get("issueTypes", [])),
        statuses=project_statuses(runtime.jira(tenant), project["id"]) if statuses else (),
    )


def read_side(runtime, tenant: Tenant, project_id: str) -> SideMetadata:
    project = read_project(runtime, tenant, project_id, statuses=True)
    fields = {entry["id"]: entry for entry in runtime.jira(tenant).fields()}
    request_types = ()
    if project.is_service_desk:
        desk = runtime.service_desk(tenant)
        request_types = tuple(request_type["name"] for request_type in desk.request_types_of_project(project.id))
    return SideMetadata(tenant.base_url, project, frozenset(fields), request_types, fields,
                        tuple(runtime.jira(tenant).resolutions()))


def project_statuses(jira, project_id: str) -> tuple[str, ...]:
    """The names of the statuses the project's workflows use, in the order Jira lists them."""
    listed = (status["name"] for issue_type in jira.project_statuses(project_id)
              for status in issue_type.get("statuses", []))
    return tuple(dict.fromkeys(listed))


def search_projects(runtime, tenant: Tenant, query: str | None) -> list[ProjectSummary]:
    found = runtime.jira(require_active(tenant)).projects(query)
    return [ProjectSummary(str(p["id"]), p["key"], p.get("name", p["key"]), p.get("projectTypeKey", "")) for p in found]
