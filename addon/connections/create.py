"""Creating a connection: with a project of the same site, or with an invitation for another site."""
from __future__ import annotations

from dataclasses import dataclass

from addon.connections.acting import Actor, AdminChecks
from addon.connections.errors import BadInput
from addon.connections.invitations import new_invitation
from addon.connections.scenarios import template_drafts
from addon.connections.sites import load_tenant, read_project
from addon.connections.store import new_half, require_not_connected
from addon.connections.views import ConnectionView, connection_view
from addon.db.connection import REQUESTED, STOPPED, Connection


@dataclass(frozen=True)
class Invited:
    connection: ConnectionView
    code: str  # shown once: only its hash is kept


def create_within_site(runtime, checks: AdminChecks, actor: Actor, name: str, scenario: str,
                       target_project_id: str) -> ConnectionView:
    """Side B is another project of the actor's site; accepted at once if the actor administers it too."""
    if str(target_project_id) == actor.project_id:
        raise BadInput("a project cannot be connected to itself; pick another project")
    with runtime.db.session() as session:
        tenant = load_tenant(session, actor.tenant_id)
    own = read_project(runtime, tenant, actor.project_id, statuses=True)
    target = read_project(runtime, tenant, target_project_id, statuses=True)
    draft_a, draft_b = template_drafts(scenario, own, target)
    accepted = checks.administers(tenant, actor.account_id, target.id)
    with runtime.db.session() as session:
        require_not_connected(session, (tenant.id, own.id), (tenant.id, target.id))
        connection = Connection(
            name=name, scenario=scenario, status=STOPPED if accepted else REQUESTED,
            a_tenant_id=tenant.id, a_project_id=own.id, a_project_key=own.key,
            b_tenant_id=tenant.id, b_project_id=target.id, b_project_key=target.key,
            requested_by=actor.account_id, accepted_by=actor.account_id if accepted else None,
            halves=[new_half("a", draft_a), new_half("b", draft_b)],
        )
        session.add(connection)
        session.flush()
        return connection_view(session, connection, "a")


def create_across_sites(runtime, actor: Actor, name: str, scenario: str) -> Invited:
    """Side B stays empty until an admin of another site redeems the code; halves are drafted then,
    when both projects are known."""
    with runtime.db.session() as session:
        tenant = load_tenant(session, actor.tenant_id)
    own = read_project(runtime, tenant, actor.project_id)
    with runtime.db.session() as session:
        connection = Connection(name=name, scenario=scenario, status=REQUESTED, a_tenant_id=tenant.id,
                                a_project_id=own.id, a_project_key=own.key, requested_by=actor.account_id)
        session.add(connection)
        session.flush()
        invitation, code = new_invitation(connection.id, runtime.settings.base_url)
        session.add(invitation)
        return Invited(connection_view(session, connection, "a"), code)
