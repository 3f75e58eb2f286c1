"""What a field's value is chosen among: a project's components and versions, a custom field's options.

Jira's rules for adding them: a name is unique within its project (components, versions), an option's value within
its context (or its parent option, for a cascading select's children).
"""
from dataclasses import replace

from .fields import FIRST_OPTION_ID, OPTIONS_PER_FIELD, FieldDef, custom_number
from .model import Component, Option, Project, Version

NAME_LIMIT = 255


class ChoiceError(ValueError):
    """A choice Jira would not add: ``field`` names what is wrong (Jira's ``errors`` key)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def add_component(state, project: Project, name: str, description: str = "") -> Component:
    _check_name(name, [component.name for component in project.components], "A component with the name "
                f"{name} already exists in this project.")
    component = Component(state.next_id(), name, project.id, description)
    project.components.append(component)
    return component


def add_version(state, project: Project, name: str, released: bool = False, archived: bool = False) -> Version:
    _check_name(name, [version.name for version in project.versions],
                "A version with this name already exists in this project.")
    version = Version(state.next_id(), name, project.id, released, archived)
    project.versions.append(version)
    return version


def _check_name(name, taken: list[str], duplicate: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ChoiceError("name", "The name is required.")
    if len(name) > NAME_LIMIT:
        raise ChoiceError("name", f"The name must not be longer than {NAME_LIMIT} characters.")
    if name.lower() in (existing.lower() for existing in taken):
        raise ChoiceError("name", duplicate)


def add_options(state, field_def: FieldDef, entries: list[tuple[str, str | None]]) -> list[Option]:
    """``entries``: (value, parent option id or None); a parent id adds a child to a cascading select's option.
    Returns the new options, after replacing the field (FieldDef is immutable) in the site's fields."""
    options = list(field_def.options)
    added = []
    next_id = _next_option_id(field_def)
    for value, parent_id in entries:
        if not isinstance(value, str) or not value.strip():
            raise ChoiceError("value", "The option value is required.")
        option = Option(str(next_id), value)
        next_id += 1
        if parent_id is None:
            _check_unique(value, options)
            options.append(option)
        else:
            options = _with_child(field_def, options, str(parent_id), option)
        added.append(option)
    state.fields[field_def.id] = replace(field_def, options=tuple(options))
    return added


def _with_child(field_def: FieldDef, options: list[Option], parent_id: str, child: Option) -> list[Option]:
    if field_def.value_type != "option-with-child":
        raise ChoiceError("optionId", "Only options of a cascading select field have child options.")
    parent = next((option for option in options if option.id == parent_id), None)
    if parent is None:
        raise ChoiceError("optionId", f"The option with ID {parent_id} doesn't exist.")
    _check_unique(child.value, parent.children)
    return [replace(option, children=(*option.children, child)) if option is parent else option
            for option in options]


def _check_unique(value: str, options) -> None:
    if value.lower() in (option.value.lower() for option in options):
        raise ChoiceError("value", f"The option '{value}' already exists.")


def _next_option_id(field_def: FieldDef) -> int:
    ids = [int(option.id) for option in field_def.options]
    ids += [int(child.id) for option in field_def.options for child in option.children]
    return max(ids, default=FIRST_OPTION_ID + (custom_number(field_def.id) % 1000) * OPTIONS_PER_FIELD - 1) + 1
