"""What the engine must know of a project on a site, read from Jira and cached briefly per process."""
from __future__ import annotations

import threading
import time

from addon.connectors.jira.api import REQUEST_TYPE_FIELD
from addon.db.tenant import Tenant
from addon.sync.planner import Target

SERVICE_DESK = "service_desk"


class ProjectMetadata:
    def __init__(self, runtime, ttl_seconds: float):
        self._runtime = runtime
        self._ttl = ttl_seconds
        self._cache: dict[tuple[int, str], tuple[float, Target]] = {}
        self._lock = threading.Lock()

    def target(self, tenant: Tenant, project_id: str) -> Target:
        key = (tenant.id, str(project_id))
        with self._lock:
            cached = self._cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        target = self._read(tenant, str(project_id))
        with self._lock:
            self._cache[key] = (time.monotonic() + self._ttl, target)
        return target

    def forget(self, tenant_id: int, project_id: str) -> None:
        with self._lock:
            self._cache.pop((tenant_id, str(project_id)), None)

    def _read(self, tenant: Tenant, project_id: str) -> Target:
        jira = self._runtime.jira(tenant)
        project = jira.project(project_id)
        is_service_desk = project.get("projectTypeKey") == SERVICE_DESK
        issue_types = {t["name"]: str(t["id"]) for t in project.get("issueTypes", [])}
        fields = jira.fields()
        schemas = {f["id"]: f.get("schema") or {} for f in fields}
        if not is_service_desk:
            return Target(project_id, False, issue_types, field_schemas=schemas)
        request_field = next((f["id"] for f in fields
                              if (f.get("schema") or {}).get("custom") == REQUEST_TYPE_FIELD), None)
        request_types = {rt["name"]: str(rt["id"])
                         for rt in self._runtime.service_desk(tenant).request_types_of_project(project_id)}
        return Target(project_id, True, issue_types, request_types, request_field, schemas)
