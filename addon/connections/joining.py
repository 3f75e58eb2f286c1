"""Side B joining: an admin of another site redeems an invitation, or an admin of the same site accepts.

Both end in ``stopped``: accepted but not running. Nothing syncs until both halves are published and
someone presses Start, so joining can never start moving issues by surprise.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from addon.connections.acting import Actor
from addon.connections.errors import BadInput, Conflict, Forbidden, Gone, NotFound
from addon.connections.invitations import expired, parse_code, require_this_server, secret_hash
from addon.connections.scenarios import template_drafts
from addon.connections.sites import load_tenant, read_project
from addon.connections.store import new_half, require_not_connected, visible_connection
from addon.connections.views import ConnectionView, connection_view
from addon.db.base import utcnow
from addon.db.connection import REQUESTED, STOPPED, Connection, Invitation


def redeem(runtime, actor: Actor, code: str) -> ConnectionView:
    parsed = parse_code(code)
    require_this_server(parsed, runtime.settings.base_url)
    with runtime.db.session() as session:
        invitation = _usable_invitation(session, secret_hash(parsed.secret), actor)
        connection = session.get(Connection, invitation.connection_id)
        inviting, joining = load_tenant(session, connection.a_tenant_id), load_tenant(session, actor.tenant_id)
    own_a = read_project(runtime, inviting, connection.a_project_id, statuses=True)
    own_b = read_project(runtime, joining, actor.project_id, statuses=True)
    # Both drafts come from the template now that B's project is known; A could not edit its half before.
    draft_a, draft_b = template_drafts(connection.scenario, own_a, own_b)
    with runtime.db.session() as session:
        _claim(session, invitation, actor)
        connection = session.get(Connection, invitation.connection_id)
        require_not_connected(session, (inviting.id, own_a.id), (joining.id, own_b.id))
        connection.b_tenant_id, connection.b_project_id, connection.b_project_key = joining.id, own_b.id, own_b.key
        connection.status, connection.accepted_by = STOPPED, actor.account_id
        connection.halves = [new_half("a", draft_a), new_half("b", draft_b)]
        session.flush()
        return connection_view(session, connection, "b")


def accept(runtime, actor: Actor, connection_id: int) -> ConnectionView:
    with runtime.db.session() as session:
        connection = _request_to(session, actor, connection_id, "accept")
        connection.status, connection.accepted_by = STOPPED, actor.account_id
        session.flush()
        return connection_view(session, connection, "b")


def decline(runtime, actor: Actor, connection_id: int) -> None:
    """A declined request is deleted: there is nothing to keep of a connection that never ran."""
    with runtime.db.session() as session:
        session.delete(_request_to(session, actor, connection_id, "decline"))


def _usable_invitation(session: Session, code_hash: str, actor: Actor) -> Invitation:
    invitation = session.scalar(select(Invitation).where(Invitation.code_hash == code_hash))
    if invitation is None:
        raise NotFound("unknown invitation code")
    if invitation.used_at is not None:
        raise Conflict(f"this invitation code was already used on {_day(invitation.used_at)}")
    if expired(invitation, utcnow()):
        raise Gone(f"this invitation code expired on {_day(invitation.expires_at)}; ask for a new one")
    inviting_tenant_id = session.get(Connection, invitation.connection_id).a_tenant_id
    if inviting_tenant_id == actor.tenant_id:
        raise BadInput("this invitation code comes from your own site; to connect two projects of one site, "
                       "create a connection with the other project as its target instead")
    return invitation


def _claim(session: Session, invitation: Invitation, actor: Actor) -> None:
    """Marks the code used in the same statement that checks it is unused, so two redeemers cannot both win."""
    claimed = session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow(), used_by_tenant_id=actor.tenant_id)
    )
    if claimed.rowcount != 1:
        raise Conflict("this invitation code was already used")


def _request_to(session: Session, actor: Actor, connection_id: int, verb: str) -> Connection:
    """A within-site request waiting for the actor's project, which is its side B."""
    connection, side = visible_connection(session, actor, connection_id)
    if side != "b":
        raise Forbidden(f"only an administrator of project {connection.b_project_key or 'on the other side'} "
                        f"can {verb} this connection")
    if connection.status != REQUESTED:
        raise Conflict(f"connection {connection.id} is {connection.status}, not waiting to be accepted")
    return connection


def _day(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
