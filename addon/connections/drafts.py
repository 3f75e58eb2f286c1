"""Editing one's own half: replace the draft, publish it, or discard it.

Every operation works on the actor's side only; there is no way to name the other side's half.
A draft is checked against both sites whenever it is saved and again when published, because the
sites' issue types and fields may have changed in between.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from marshmallow import ValidationError

from addon.connections.acting import Actor
from addon.connections.people_check import check_people
from addon.connections.errors import Conflict, Invalid, flat_messages
from addon.connections.sites import read_side
from addon.connections.store import tenants_of, visible_connection
from addon.connections.validation import check_half
from addon.connections.values_check import SiteChoices, check_values
from addon.connections.views import HalfView, half_view
from addon.db.base import utcnow
from addon.db.connection import REQUESTED, Connection, Half, other_side
from addon.db.tenant import Tenant
from addon.sync.halves import load_half


@dataclass(frozen=True)
class SideRef:
    tenant: Tenant
    project_id: str


@dataclass(frozen=True)
class EditableHalf:
    """The stored draft and the two sides it is checked against; read before Jira is asked anything."""

    draft: dict
    own: SideRef
    other: SideRef


def show_half(runtime, actor: Actor, connection_id: int) -> HalfView:
    with runtime.db.session() as session:
        connection, side = visible_connection(session, actor, connection_id)
        return half_view(_own_half(connection, side), mine=True)


def replace_draft(runtime, actor: Actor, connection_id: int, document) -> HalfView:
    editable = _editable(runtime, actor, connection_id)
    draft = _loaded(document)
    _require_fits(runtime, editable, draft)
    with runtime.db.session() as session:
        half = _own_half(*visible_connection(session, actor, connection_id))
        half.draft, half.updated_by = json.dumps(draft), actor.account_id
        return half_view(half, mine=True)


def publish(runtime, actor: Actor, connection_id: int) -> HalfView:
    editable = _editable(runtime, actor, connection_id)
    _require_fits(runtime, editable, editable.draft)
    with runtime.db.session() as session:
        half = _own_half(*visible_connection(session, actor, connection_id))
        if json.loads(half.draft) != editable.draft:
            raise Conflict("the draft changed while it was being published; review it and publish again")
        half.published, half.published_at = half.draft, utcnow()
        half.version, half.updated_by = half.version + 1, actor.account_id
        return half_view(half, mine=True)


def discard(runtime, actor: Actor, connection_id: int) -> HalfView:
    with runtime.db.session() as session:
        half = _own_half(*visible_connection(session, actor, connection_id))
        if half.published is None:
            raise Conflict("this half has never been published, so there is nothing to go back to")
        half.draft, half.updated_by = half.published, actor.account_id
        return half_view(half, mine=True)


def _editable(runtime, actor: Actor, connection_id: int) -> EditableHalf:
    with runtime.db.session() as session:
        connection, side = visible_connection(session, actor, connection_id)
        half = _own_half(connection, side)
        if connection.status == REQUESTED and side == "b":
            raise Conflict("accept the connection before configuring your half")
        tenants = tenants_of(session, connection)
        own, theirs = side, other_side(side)
        return EditableHalf(json.loads(half.draft), SideRef(tenants[own], connection.side(own)[1]),
                            SideRef(tenants[theirs], connection.side(theirs)[1]))


def _own_half(connection: Connection, side: str) -> Half:
    half = connection.half(side)
    if half is None:
        raise Conflict(f"connection {connection.id} has no halves until the other site redeems its invitation")
    return half


def _loaded(document) -> dict:
    try:
        return load_half(document)
    except ValidationError as error:
        errors = flat_messages(error.messages)
        path, messages = next(iter(errors.items()))
        raise Invalid(f"the half is not valid: {path}: {messages[0]}", errors=errors) from error


def _require_fits(runtime, editable: EditableHalf, draft: dict) -> None:
    own = read_side(runtime, editable.own.tenant, editable.own.project_id)
    other = read_side(runtime, editable.other.tenant, editable.other.project_id)
    problems = {**check_half(draft, own, other),
                **check_people(runtime, draft, editable.own.tenant, editable.other.tenant),
                **check_values(draft, SiteChoices(runtime, editable.own.tenant, editable.own.project_id, own),
                               SiteChoices(runtime, editable.other.tenant, editable.other.project_id, other))}
    if problems:
        messages = [message for path_messages in problems.values() for message in path_messages]
        more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
        raise Invalid(f"the half names what the sites do not have: {messages[0]}{more}", errors=problems)

