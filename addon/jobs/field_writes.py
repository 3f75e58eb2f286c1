"""Writing an issue's fields to its twin so that one value the target refuses or lacks does not stop the rest.

A 400 naming fields (Jira's ``errors``) is answered by writing again without them; each value left out is told in
the history with Jira's own words. Components and versions the half lets Tandem create are made first.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from addon.connectors.jira import JiraError
from addon.db import history
from addon.sync.halves import CREATABLE_FIELDS
from addon.sync.field_writing import CREATABLE_KINDS, kind_of, label_of, schema_of

# Without these a create means nothing: Jira refusing one of them fails the item. So does a refused Customer Request
# Type (the target's ``request_type_field``): without it the twin is no customer request, and the admin must act.
ESSENTIAL_FIELDS = frozenset({"project", "issuetype", "summary", "parent"})


# A component or version Jira will not create (a name it refuses, or no permission) is told, not a failure: the
# write that names it is then refused for that value alone. A 403 here is no lost credential: creating them needs
# the Administer Projects permission in the project, which the app's user may lack.
REFUSED_CREATES = (400, 403)
NO_PERMISSION = " (Tandem's user needs the Administer Projects permission there)"


def essential_fields(target) -> frozenset:
    return ESSENTIAL_FIELDS | ({target.request_type_field} if target.request_type_field else set())


def with_choices(runtime, tenant, project_id: str, incoming: dict, target):
    """The target, knowing the components and versions of the fields the half writes (read only for those)."""
    wanted = [name for name in dict.fromkeys(incoming["fields"].values()) if kind_of(name, target) in CREATABLE_KINDS]
    if not wanted:
        return target
    choices = {name: frozenset(choice["value"] for choice in runtime.metadata.choices(
        tenant, project_id, name, schema_of(name, target)) or []) for name in wanted}
    return replace(target, choices=choices)


def make_choices(sync, operation, twin_key: str | None):
    """The operation, once the components and versions it names and the target project lacks are created. One Jira
    will not create is told, and left out of the write."""
    route, journal = sync.route, sync.journal
    not_made = set()
    for create in operation.creates:
        noun = "component" if create.kind == "components" else "version"
        journal.attempt(f"create {noun} '{create.name}' in {route.target_project_key}", route.target)
        try:
            if create.kind == "components":
                sync.target_api.create_component(route.target_project_key, create.name)
            else:
                sync.target_api.create_version(route.target_project_id, create.name)
        except JiraError as error:
            if error.verdict.status not in REFUSED_CREATES:
                raise
            journal.left_out(twin_key, f"{noun} '{create.name}' not created in {route.target_project_key}"
                                       f"{NO_PERMISSION if error.verdict.status == 403 else ''}: {error.verdict.message}")
            not_made.add((create.kind, create.name))
            continue
        journal.applied(history.CREATED_VALUE, twin_key or route.target_project_key,
                        f"{noun} '{create.name}' in {route.target_project_key}")
    if operation.creates:
        sync.rt.metadata.forget_choices(route.target.id, route.target_project_id, CREATABLE_FIELDS)
    for note in operation.notes:
        journal.left_out(twin_key, note)
    if not not_made:
        return operation
    sent = operation.written if operation.sent is None else operation.sent
    return replace(operation, fields=_without(operation.fields, not_made, lambda item: item.get("name")),
                   sent=_without(sent, not_made, lambda item: item))


# Jira's fields of components and versions, and which of the two each names.
_CHOICE_KINDS = {"components": "components", "fixVersions": "versions", "versions": "versions"}


def _without(values: dict, not_made: set, name_of) -> dict:
    """The values without the components and versions that could not be made (in the write format or neutral)."""
    return {field: [item for item in value if (_CHOICE_KINDS[field], name_of(item)) not in not_made]
            if field in _CHOICE_KINDS and isinstance(value, list) else value for field, value in values.items()}


@dataclass
class Refusals:
    """What Jira refused of a write: ``refused`` {field id: Jira's message}; ``instead`` {field id: (the value
    written in its place, in words)} for those something took the place of (a refused person: the fallback)."""

    refused: dict = field(default_factory=dict)
    instead: dict = field(default_factory=dict)


def write_refusing(write, fields: dict, essential: frozenset = ESSENTIAL_FIELDS,
                   instead=lambda name: None) -> tuple[object, Refusals]:
    """``write(fields)``'s answer and what Jira refused of it, written again without the refused values, or with
    what ``instead(field id)`` puts in their place ((value, in words), or None) — once: a replacement refused
    in turn is left out. A refusal naming an essential field, or no field, is raised as it came."""
    refusals = Refusals()
    while True:
        try:
            return write(fields), refusals
        except JiraError as error:
            named = dict(error.verdict.field_errors) if error.verdict.status == 400 else {}
            if not named or any(name not in fields or name in essential for name in named):
                raise
            fields = {name: value for name, value in fields.items() if name not in named}
            for name, message in named.items():
                if refusals.instead.pop(name, None) is None and (replacement := instead(name)) is not None:
                    refusals.instead[name] = replacement
                    fields[name] = replacement[0]
                refusals.refused.setdefault(name, message)
            if not fields:
                return None, refusals


def held(operation, refusals: Refusals) -> dict | None:
    """What the twin holds of the operation's values: those sent and not refused, or what took a refused one's
    place (a person, whom Jira and the replica write alike); None when that is all of them."""
    sent = operation.written if operation.sent is None else operation.sent
    if not refusals.refused and sent == operation.written:
        return None
    kept = {name: value for name, value in sent.items() if name not in refusals.refused}
    return {**kept, **{name: value for name, (value, _) in refusals.instead.items()}}


def tell_refused(journal, twin_key: str | None, refusals: Refusals, target) -> None:
    """``target``: the receiving project's facts, whose field names the notes use."""
    for name, message in refusals.refused.items():
        field = label_of(name, target)
        if name in refusals.instead:
            journal.left_out(twin_key, f"{field}: Jira refused the person ({message}); set to "
                                       f"{refusals.instead[name][1]} instead, as this side's fallback says")
        else:
            journal.left_out(twin_key, f"{field} not set: Jira refused it ({message}); the other fields were written")
