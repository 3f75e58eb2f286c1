"""The people a connection's screen offers for its user map: a side's users matching what the admin types.

Either side may be searched (their user -> my user), through the site's own installation of Tandem. Only
names and account ids are shown: e-mail addresses stay with each site, whatever its users' profiles allow.
"""
from __future__ import annotations

from dataclasses import dataclass

from addon.connections.acting import Actor
from addon.connections.errors import BadInput, Conflict
from addon.connections.sites import require_active
from addon.connections.store import tenants_of, visible_connection
from addon.db.connection import other_side

SIDES = ("mine", "theirs")
PICKABLE = ("atlassian", "customer")  # apps' own users are never anyone's counterpart


@dataclass(frozen=True)
class PickableUser:
    account_id: str
    display_name: str
    account_type: str


def search_side_users(runtime, actor: Actor, connection_id: int, side: str, query: str) -> list[PickableUser]:
    if side not in SIDES:
        raise BadInput(f"side must be 'mine' or 'theirs', not {side!r}")
    if not query:
        return []
    with runtime.db.session() as session:
        connection, mine = visible_connection(session, actor, connection_id)
        tenant = tenants_of(session, connection)[mine if side == "mine" else other_side(mine)]
    if tenant is None:
        raise Conflict("the other site has not joined this connection yet")
    found = runtime.jira(require_active(tenant)).search_users(query)
    return [PickableUser(user["accountId"], user.get("displayName") or user["accountId"], user.get("accountType"))
            for user in found if user.get("accountType", "atlassian") in PICKABLE and user.get("active", True)]
