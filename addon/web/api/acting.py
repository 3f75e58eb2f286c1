"""From a request to the administrator acting for one project: the project comes from the context JWT
(Jira puts the project whose settings page is open there), else from a ``projectId`` parameter."""
from __future__ import annotations

from flask import g, request

from addon.connections.acting import Actor, authorize
from addon.connections.errors import BadInput
from addon.web.api.blueprint import admin_checks
from addon.web.api.schemas import PROJECT_ID
from addon.web.bodies import json_object, raw_body, require_json_content_type
from addon.web.services import services

# Halves are the largest bodies: a few kilobytes; this leaves room for big value maps.
MAX_BODY_BYTES = 256 * 1024


def json_body() -> dict:
    require_json_content_type()
    return json_object(raw_body(MAX_BODY_BYTES))


def acting_admin(project_id_given: str | None = None) -> Actor:
    """``project_id_given``: from a body already validated; else the query's ``projectId``."""
    project_id, project_key = _acting_project(project_id_given or request.args.get("projectId"))
    caller = g.caller
    return authorize(services(), admin_checks(), caller.tenant_id, caller.account_id, project_id, project_key)


def _acting_project(given: str | None) -> tuple[str, str | None]:
    in_context = _context_project()
    context_id = in_context.get("id")
    if context_id is not None and given is not None and str(given) != str(context_id):
        raise BadInput(f"projectId {given} is not the project this page was opened for ({context_id})")
    project_id = context_id if context_id is not None else given
    if project_id is None:
        raise BadInput("no project: open Tandem from a project's settings, or pass projectId")
    if not PROJECT_ID.regex.match(str(project_id)):
        raise BadInput(f"projectId {project_id!r} is not a Jira project id (a number, e.g. 10000)")
    return str(project_id), in_context.get("key")


def _context_project() -> dict:
    jira = g.caller.context.get("jira") if isinstance(g.caller.context, dict) else None
    project = jira.get("project") if isinstance(jira, dict) else None
    return project if isinstance(project, dict) else {}
