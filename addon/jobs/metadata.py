"""What the engine must know of a project on a site, read from Jira and cached briefly per process."""
from __future__ import annotations

from addon.connectors.jira.api import REQUEST_TYPE_FIELD
from addon.connectors.jira.choices import offered_choices
from addon.db.tenant import Tenant
from addon.jobs.ttl_cache import TtlCache
from addon.sync.planner import Target
from addon.sync.statuses import workflow_from_jira

SERVICE_DESK = "service_desk"


class ProjectMetadata:
    def __init__(self, runtime, ttl_seconds: float):
        self._runtime = runtime
        self._cache = TtlCache(ttl_seconds)

    def target(self, tenant: Tenant, project_id: str) -> Target:
        return self._cache.get((tenant.id, str(project_id)), lambda: self._read(tenant, str(project_id)))

    def create_fields(self, tenant: Tenant, project_id: str, issue_type_id: str) -> frozenset:
        """The ids of the fields the create screen of this issue type offers (createmeta)."""
        def read():
            return frozenset(f["fieldId"] for f in self._runtime.jira(tenant).create_fields(project_id, issue_type_id))
        return self._cache.get((tenant.id, str(project_id), str(issue_type_id)), read)

    def choices(self, tenant: Tenant, project_id: str, field_id: str, schema: dict) -> list[dict] | None:
        """What the field's values are chosen among in this project (addon.connectors.jira.choices)."""
        return self._cache.get((tenant.id, str(project_id), "choices", field_id),
                               lambda: offered_choices(self._runtime.jira(tenant), str(project_id), field_id, schema))

    def forget_choices(self, tenant_id: int, project_id: str, field_ids) -> None:
        for field_id in field_ids:
            self._cache.forget((tenant_id, str(project_id), "choices", field_id))

    def initial_status(self, tenant: Tenant, project_id: str, issue_type_id: str, read) -> str:
        """The status new issues of this type start in, learned from the first one read (``read()``)."""
        return self._cache.get((tenant.id, str(project_id), "initial status", str(issue_type_id)), read)

    def workflow(self, tenant: Tenant, project_id: str, issue_type_id: str):
        """The workflow of an issue type of the project, as steps between status names (addon.sync.statuses)."""
        def read():
            return workflow_from_jira(self._runtime.jira(tenant).workflow_of(project_id, issue_type_id))
        return self._cache.get((tenant.id, str(project_id), "workflow", str(issue_type_id)), read)

    def forget(self, tenant_id: int, project_id: str) -> None:
        self._cache.forget((tenant_id, str(project_id)))

    def _read(self, tenant: Tenant, project_id: str) -> Target:
        jira = self._runtime.jira(tenant)
        project = jira.project(project_id)
        is_service_desk = project.get("projectTypeKey") == SERVICE_DESK
        issue_types = {t["name"]: str(t["id"]) for t in project.get("issueTypes", [])}
        subtask_types = frozenset(t["name"] for t in project.get("issueTypes", []) if t.get("subtask"))
        fields = jira.fields()
        schemas = {f["id"]: f.get("schema") or {} for f in fields}
        names = {f["id"]: f.get("name") or f["id"] for f in fields}
        if not is_service_desk:
            return Target(project_id, False, issue_types, field_schemas=schemas, subtask_types=subtask_types,
                          field_names=names)
        request_field = next((f["id"] for f in fields
                              if (f.get("schema") or {}).get("custom") == REQUEST_TYPE_FIELD), None)
        request_types = {rt["name"]: str(rt["id"])
                         for rt in self._runtime.service_desk(tenant).request_types_of_project(project_id)}
        return Target(project_id, True, issue_types, request_types, request_field, schemas, subtask_types,
                      field_names=names)
