"""Neutral values made into the fields of a create or an edit: each converted to the target field's kind, and the
components and versions the target project lacks either created first (where the half says so) or left out.

Whatever cannot be written is left out with a note saying why, by name, so that the rest of the item applies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from addon.sync.field_types import Unconvertible, field_kind, write_value

# Fields that name a project's components or versions, which a half may let Tandem create on the target.
CREATABLE_KINDS = ("components", "versions")
# Jira's own fields, when a site's field list is not at hand (the unit tests' targets).
SYSTEM_SCHEMAS = {"priority": {"type": "priority", "system": "priority"},
                  "components": {"type": "array", "items": "component", "system": "components"},
                  "fixVersions": {"type": "array", "items": "version", "system": "fixVersions"},
                  "versions": {"type": "array", "items": "version", "system": "versions"},
                  "description": {"type": "string", "system": "description"}}


@dataclass(frozen=True)
class CreateChoice:
    """A component or version to create in the target project before the write that names it."""

    kind: str  # components | versions
    name: str


@dataclass(frozen=True)
class FieldWrite:
    fields: dict  # in Jira's write format
    sent: dict  # the neutral values those fields hold: what the twin will hold, for the echo guard
    creates: tuple = ()  # CreateChoice, made first
    notes: tuple = ()  # what was left out, and why


def schema_of(field_id: str, target) -> dict:
    return target.field_schemas.get(field_id) or SYSTEM_SCHEMAS.get(field_id) or {}


def label_of(field_id: str, target) -> str:
    """A field as an admin knows it: its name, with the id of a custom field, whose names need not be unique."""
    name = target.field_names.get(field_id)
    if not name or name == field_id:
        return field_id
    return f"{name} ({field_id})" if field_id.startswith("customfield_") else name


def kind_of(field_id: str, target) -> str:
    return field_kind(schema_of(field_id, target))


def field_write(values: dict, incoming: dict, target) -> FieldWrite:
    fields, sent, creates, notes = {}, {}, [], []
    for name, value in values.items():
        value = _known_choices(name, value, incoming, target, creates, notes)
        try:
            fields[name] = write_value(value, schema_of(name, target))
        except Unconvertible as error:
            notes.append(f"{label_of(name, target)} not set: {error}, which a {kind_of(name, target)} field cannot "
                         "hold")
            continue
        sent[name] = value
    unique = tuple(dict.fromkeys(creates))  # fix and affects versions may both name a new version
    return FieldWrite(fields, sent, unique, tuple(notes))


def _known_choices(name: str, value, incoming: dict, target, creates: list, notes: list):
    """The components or versions the target project has; the others created (if the half says so) or dropped."""
    kind = kind_of(name, target)
    known = target.choices.get(name)
    if kind not in CREATABLE_KINDS or known is None or not value:
        return value
    missing = [item for item in value if item not in known]
    if not missing:
        return value
    if name in incoming["create_missing"]:
        creates += [CreateChoice(kind, item) for item in missing]
        return value
    notes.append(f"{label_of(name, target)}: {', '.join(repr(item) for item in missing)} left out: the project has no such "
                 f"{'component' if kind == 'components' else 'version'} and this side does not create missing ones")
    return [item for item in value if item in known]
