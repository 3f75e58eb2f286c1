"""Checking a half against the real sites: every issue type, field, request type and status it names must exist.

Errors are keyed by the path in the half (``incoming.fields``) and name the unknown thing, so an admin
sees "field 'customfield_99' does not exist on https://acme.atlassian.net" rather than a bare 422.
"""
from __future__ import annotations

from addon.connections.sites import SideMetadata
from addon.sync.halves import ALL_TYPES, REQUEST_TYPE
from addon.sync.statuses import RESOLUTION

# Enough known names to spot a typo without flooding the message.
NAMES_SHOWN = 15


class Problems:
    def __init__(self):
        self.by_path: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.by_path.setdefault(path, []).append(message)


def check_half(half: dict, own: SideMetadata, other: SideMetadata) -> dict[str, list[str]]:
    """Field-level problems of ``half`` (already loaded by ``load_half``); empty when it fits both sides."""
    problems = Problems()
    _check_outgoing(half["outgoing"], own, problems)
    _check_incoming(half["incoming"], own, other, problems)
    return problems.by_path


def _check_outgoing(outgoing: dict, own: SideMetadata, problems: Problems) -> None:
    for name in outgoing["issue_types"]:
        _issue_type(name, own, "outgoing.issue_types", problems)
    for field_id in outgoing["fields"]:
        _field(field_id, own, "outgoing.fields", problems)


def _check_incoming(incoming: dict, own: SideMetadata, other: SideMetadata, problems: Problems) -> None:
    for source, target in incoming["issue_types"].items():
        _issue_type(source, other, "incoming.issue_types", problems)
        _issue_type(target, own, "incoming.issue_types", problems)
    if incoming["fallback_issue_type"] is not None:
        _issue_type(incoming["fallback_issue_type"], own, "incoming.fallback_issue_type", problems)
    for source, target in incoming["fields"].items():
        _field(source, other, "incoming.fields", problems)
        _field(target, own, "incoming.fields", problems)
    for source in incoming["value_maps"]:
        if source not in incoming["fields"]:
            problems.add("incoming.value_maps", f"a value map for '{source}', which is not an incoming field")
    for type_name, values in incoming["defaults"].items():
        _check_defaults(type_name, values, own, problems)
    _check_status(incoming["status"], own, other, problems)


def _check_status(settings: dict, own: SideMetadata, other: SideMetadata, problems: Problems) -> None:
    for theirs, mine in settings["map"].items():
        _status(theirs, other, "incoming.status.map", problems)
        _status(mine, own, "incoming.status.map", problems)
    for field_id, value in settings["transition_fields"].items():
        _field(field_id, own, "incoming.status.transition_fields", problems)
        if field_id == RESOLUTION and value not in own.resolutions:
            problems.add("incoming.status.transition_fields", f"resolution '{value}' does not exist on "
                                                              f"{own.site_url} (it has {_names(own.resolutions)})")


def _check_defaults(type_name: str, values: dict, own: SideMetadata, problems: Problems) -> None:
    path = f"incoming.defaults.{type_name}"
    if type_name != ALL_TYPES:
        _issue_type(type_name, own, path, problems)
    for field_id, value in values.items():
        if field_id == REQUEST_TYPE:
            _request_type(value, own, path, problems)
        else:
            _field(field_id, own, path, problems)


def _issue_type(name: str, side: SideMetadata, path: str, problems: Problems) -> None:
    if name not in side.project.issue_types:
        problems.add(path, f"issue type '{name}' does not exist in project {side.project.key} "
                           f"(it has {_names(side.project.issue_types)})")


def _status(name: str, side: SideMetadata, path: str, problems: Problems) -> None:
    if name not in side.project.statuses:
        problems.add(path, f"status '{name}' does not exist in project {side.project.key} on {side.site_url} "
                           f"(it has {_names(side.project.statuses)})")


def _field(field_id: str, side: SideMetadata, path: str, problems: Problems) -> None:
    if field_id not in side.field_ids:
        problems.add(path, f"field '{field_id}' does not exist on {side.site_url}")


def _request_type(value, side: SideMetadata, path: str, problems: Problems) -> None:
    if not side.project.is_service_desk:
        problems.add(path, f"project {side.project.key} is not a service desk, so it has no request types")
    elif value not in side.request_types:
        problems.add(path, f"request type '{value}' does not exist in project {side.project.key} "
                           f"(it has {_names(side.request_types)})")


def _names(names) -> str:
    if not names:
        return "none"
    shown = ", ".join(sorted(names)[:NAMES_SHOWN])
    return shown + (", ..." if len(names) > NAMES_SHOWN else "")
