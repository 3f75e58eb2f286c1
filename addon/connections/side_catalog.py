"""What each side of a connection has to offer its configuration screen: issue types, fields, request types,
statuses and resolutions.

Read from the sites when the screen opens, so the pickers offer exactly the names a half is checked against
(``addon.connections.validation``), with the fields' display names beside their ids.
"""
from __future__ import annotations

from dataclasses import dataclass

from addon.connections.acting import Actor
from addon.connections.errors import SiteUnavailable
from addon.connections.sites import read_project
from addon.connections.store import tenants_of, visible_connection
from addon.db.tenant import Tenant
from addon.sync.field_types import field_kind


@dataclass(frozen=True)
class FieldRef:
    id: str
    name: str
    kind: str  # addon.sync.field_types.field_kind: what its values are, and whether they take a value map


@dataclass(frozen=True)
class SideCatalog:
    side: str
    mine: bool
    site_url: str
    project_id: str
    project_key: str
    project_name: str
    is_service_desk: bool
    issue_types: tuple[str, ...]
    fields: tuple[FieldRef, ...]
    request_types: tuple[str, ...]
    statuses: tuple[str, ...]
    resolutions: tuple[str, ...]


@dataclass(frozen=True)
class SideTarget:
    side: str
    tenant: Tenant
    project_id: str


def side_catalogs(runtime, actor: Actor, connection_id: int) -> list[SideCatalog]:
    """Both sides, the actor's first; a side whose site is not there (an invitation not yet redeemed, a site
    that uninstalled Tandem) is left out."""
    with runtime.db.session() as session:
        connection, mine = visible_connection(session, actor, connection_id)
        tenants = tenants_of(session, connection)
        targets = [SideTarget(side, tenants[side], connection.side(side)[1])
                   for side in sorted(("a", "b"), key=lambda side: side != mine) if tenants[side] is not None]
    catalogs = []
    for target in targets:
        try:
            catalogs.append(_catalog(runtime, target, target.side == mine))
        except SiteUnavailable:
            if target.side == mine:
                raise
    return catalogs


def _catalog(runtime, target: SideTarget, mine: bool) -> SideCatalog:
    project = read_project(runtime, target.tenant, target.project_id, statuses=True)
    site_fields = runtime.jira(target.tenant).fields()
    fields = sorted((FieldRef(field["id"], field.get("name") or field["id"], field_kind(field.get("schema") or {}))
                     for field in site_fields),
                    key=lambda field: field.name.lower())
    request_types = ()
    if project.is_service_desk:
        desk = runtime.service_desk(target.tenant)
        request_types = tuple(request_type["name"] for request_type in desk.request_types_of_project(project.id))
    return SideCatalog(target.side, mine, target.tenant.base_url, project.id, project.key, project.name,
                       project.is_service_desk, project.issue_types, tuple(fields), request_types, project.statuses,
                       tuple(runtime.jira(target.tenant).resolutions()))
