"""What a side is shown of a connection: its own half in full, the other side's published half read-only."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from addon.connections.activity import activity_of
from addon.connections.store import tenants_of
from addon.db.connection import ACTIVE, ERROR, REQUESTED, STOPPED, Connection, Half, Invitation, other_side
from addon.db.tenant import Tenant

STARTABLE = (STOPPED, ERROR)


@dataclass(frozen=True)
class SideView:
    side: str
    site_url: str | None
    project_id: str | None
    project_key: str | None
    published: bool
    version: int
    is_mine: bool


@dataclass(frozen=True)
class HalfView:
    side: str
    draft: dict | None  # None for the other side's half: its draft is its own business
    published: dict | None
    version: int
    published_at: datetime | None
    updated_by: str | None
    has_unpublished_changes: bool


@dataclass(frozen=True)
class InvitationView:
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class ConnectionView:
    id: int
    name: str
    scenario: str
    status: str
    attention: str | None
    my_side: str
    sides: list[SideView]
    can_start: bool
    start_blockers: list[str]
    created_at: datetime
    started_at: datetime | None
    # Paused or in error: when it first missed a change, which its catch-up will carry across once it runs.
    missed_since: datetime | None
    issues_under_sync: int
    last_sync: datetime | None
    open_errors: int
    half: HalfView | None = None
    other_half: HalfView | None = None
    invitation: InvitationView | None = None


def connection_view(session: Session, connection: Connection, my_side: str) -> ConnectionView:
    tenants = tenants_of(session, connection)
    blockers = start_blockers(connection, tenants)
    activity = activity_of(session, connection.id)
    return ConnectionView(
        id=connection.id, name=connection.name, scenario=connection.scenario, status=connection.status,
        attention=connection.attention, my_side=my_side,
        sides=[_side_view(connection, side, tenants[side], my_side) for side in ("a", "b")],
        can_start=connection.status in STARTABLE and not blockers, start_blockers=blockers,
        created_at=connection.created_at, started_at=connection.started_at, missed_since=connection.halted_at,
        issues_under_sync=activity.issues_under_sync, last_sync=activity.last_sync, open_errors=activity.open_errors,
        half=half_view(connection.half(my_side), mine=True),
        other_half=half_view(connection.half(other_side(my_side)), mine=False),
        invitation=_invitation_view(session, connection) if my_side == "a" else None,
    )


def half_view(half: Half | None, mine: bool) -> HalfView | None:
    if half is None:
        return None
    return HalfView(
        side=half.side, draft=json.loads(half.draft) if mine else None,
        published=json.loads(half.published) if half.published else None, version=half.version,
        published_at=half.published_at, updated_by=half.updated_by if mine else None,
        has_unpublished_changes=mine and _differs(half.draft, half.published),
    )


def start_blockers(connection: Connection, tenants: dict[str, Tenant | None]) -> list[str]:
    """Why the connection cannot go live now, one sentence per reason; empty when it can."""
    if connection.status == ACTIVE:
        return []
    if tenants["b"] is None:
        return ["the other site has not redeemed the invitation yet"]
    reasons = [f"waiting for an administrator of {_label(connection, 'b', tenants)} to accept"] \
        if connection.status == REQUESTED else []
    reasons += [f"the site {tenant.base_url} has uninstalled or disabled Tandem"
               for tenant in tenants.values() if not tenant.active]
    reasons += [f"{_label(connection, side, tenants)} has not published its configuration"
                for side in ("a", "b") if not _is_published(connection.half(side))]
    return reasons


def _side_view(connection: Connection, side: str, tenant: Tenant | None, my_side: str) -> SideView:
    _, project_id, project_key = connection.side(side)
    half = connection.half(side)
    return SideView(side, tenant.base_url if tenant else None, project_id, project_key,
                    _is_published(half), half.version if half else 0, side == my_side)


def _invitation_view(session: Session, connection: Connection) -> InvitationView | None:
    invitation = session.scalar(select(Invitation).where(Invitation.connection_id == connection.id))
    return InvitationView(invitation.expires_at, invitation.used_at) if invitation else None


def _label(connection: Connection, side: str, tenants: dict[str, Tenant | None]) -> str:
    return f"project {connection.side(side)[2]} on {tenants[side].base_url}"


def _is_published(half: Half | None) -> bool:
    return half is not None and half.published is not None


def _differs(draft: str, published: str | None) -> bool:
    return published is None or json.loads(draft) != json.loads(published)
