"""Checking a half's value maps against the real sites: a value map only where the field's values are chosen from
a list, its keys among the other side's values of the field, its values among this side's.

Components and versions this side creates when missing (``incoming.create_missing``) may be named before they
exist. Asked of Jira when a draft is saved and when it is published, as the half's other names are.
"""
from __future__ import annotations

from addon.connections.sites import SideMetadata
from addon.connections.validation import NAMES_SHOWN, Problems
from addon.connectors.jira.choices import offered_choices
from addon.db.tenant import Tenant
from addon.sync.field_types import VALUE_MAP_KINDS, choice_values, field_kind


class SiteChoices:
    """One side's fields and, read when first asked, the values each offers."""

    def __init__(self, runtime, tenant: Tenant, project_id: str, side: SideMetadata):
        self._api = runtime.jira(tenant)
        self._project_id = project_id
        self.side = side
        self._read: dict[str, list[str] | None] = {}

    def schema(self, field_id: str) -> dict:
        return (self.side.fields.get(field_id) or {}).get("schema") or {}

    def label(self, field_id: str) -> str:
        name = (self.side.fields.get(field_id) or {}).get("name")
        return f"'{name}' ({field_id})" if name and name != field_id else f"'{field_id}'"

    def values(self, field_id: str) -> list[str] | None:
        """None where any value goes (labels, text)."""
        if field_id not in self._read:
            offered = offered_choices(self._api, self._project_id, field_id, self.schema(field_id))
            kind = field_kind(self.schema(field_id))
            self._read[field_id] = None if offered is None else choice_values(kind, offered)
        return self._read[field_id]


def check_values(half: dict, own: SiteChoices, other: SiteChoices) -> dict[str, list[str]]:
    incoming, problems = half["incoming"], Problems()
    for source, value_map in incoming["value_maps"].items():
        target = incoming["fields"].get(source)
        if target is not None and source in other.side.fields and target in own.side.fields:
            _check_value_map(f"incoming.value_maps.{source}", source, target, value_map, incoming, own, other,
                             problems)
    taken_in = set(incoming["fields"].values())
    for name in incoming["create_missing"]:
        if name not in taken_in:
            problems.add("incoming.create_missing", f"'{name}' is not among the fields this side takes in")
    return problems.by_path


def _check_value_map(path, source, target, value_map, incoming, own: SiteChoices, other: SiteChoices,
                     problems: Problems) -> None:
    if field_kind(own.schema(target)) not in VALUE_MAP_KINDS:
        problems.add(path, f"{own.label(target)} takes no value map: its values are not chosen from a list (value "
                           "maps are for priorities, components, versions, labels and fields with options)")
        return
    theirs = other.values(source)
    for value in value_map["values"]:
        if theirs is not None and value not in theirs:
            problems.add(path, f"'{value}' is not a value of {other.label(source)} on {other.side.site_url} "
                               f"(it has {_shown(theirs)})")
    if target in incoming["create_missing"]:
        return
    mine = own.values(target)
    chosen = [*value_map["values"].values(), *([value_map["default"]] if value_map["if_no_match"] == "default"
                                              else [])]
    for value in chosen:
        if mine is not None and value not in mine:
            problems.add(path, f"'{value}' is not a value of {own.label(target)} on {own.side.site_url} "
                               f"(it has {_shown(mine)})")


def _shown(values: list[str]) -> str:
    if not values:
        return "none"
    return ", ".join(values[:NAMES_SHOWN]) + (", ..." if len(values) > NAMES_SHOWN else "")
