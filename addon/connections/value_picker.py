"""The values a connection's screen offers for a value map: what a field of either side is chosen among (the site's
priorities, the project's components or versions, the field's options; a cascading select's as "Parent / Child").
"""
from __future__ import annotations

from addon.connections.acting import Actor
from addon.connections.errors import BadInput, Conflict, NotFound
from addon.connections.sites import require_active
from addon.connections.store import tenants_of, visible_connection
from addon.connections.user_picker import SIDES
from addon.connectors.jira.choices import offered_choices
from addon.db.connection import other_side
from addon.sync.field_types import VALUE_MAP_KINDS, choice_values, field_kind


def field_values(runtime, actor: Actor, connection_id: int, side: str, field_id: str) -> list[str]:
    if side not in SIDES:
        raise BadInput(f"side must be 'mine' or 'theirs', not {side!r}")
    with runtime.db.session() as session:
        connection, mine = visible_connection(session, actor, connection_id)
        chosen = mine if side == "mine" else other_side(mine)
        tenant, project_id = tenants_of(session, connection)[chosen], connection.side(chosen)[1]
    if tenant is None:
        raise Conflict("the other site has not joined this connection yet")
    api = runtime.jira(require_active(tenant))
    field = next((entry for entry in api.fields() if entry["id"] == field_id), None)
    if field is None:
        raise NotFound(f"field '{field_id}' does not exist on {tenant.base_url}")
    kind = field_kind(field.get("schema") or {})
    if kind not in VALUE_MAP_KINDS:
        raise BadInput(f"'{field.get('name', field_id)}' takes no value map: its values are not chosen from a list")
    offered = offered_choices(api, project_id, field_id, field.get("schema") or {})
    return [] if offered is None else choice_values(kind, offered)
