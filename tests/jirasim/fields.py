"""Issue fields as Jira describes them (``GET /rest/api/3/field``), system and custom.

A field's ``schema`` decides how its stored value is coerced, shown in JSON and in changelogs.
"""
import itertools
from dataclasses import dataclass

from .model import Option

REQUEST_TYPE_CUSTOM = "com.atlassian.servicedesk:vp-origin"
REQUEST_TYPE_VALUE_TYPE = "sd-customerrequesttype"
_CUSTOM_TYPES = "com.atlassian.jira.plugin.system.customfieldtypes:"
# kind of custom field a test may add -> (value type, Jira's custom type key, item type of an array). The value
# types "doc" and "url" are this simulator's own: Jira reports both as "string" (see FieldDef.json_schema).
CUSTOM_FIELD_KINDS = {
    "text": ("string", _CUSTOM_TYPES + "textfield", None),
    "paragraph": ("doc", _CUSTOM_TYPES + "textarea", None),
    "number": ("number", _CUSTOM_TYPES + "float", None),
    "date": ("date", _CUSTOM_TYPES + "datepicker", None),
    "datetime": ("datetime", _CUSTOM_TYPES + "datetime", None),
    "url": ("url", _CUSTOM_TYPES + "url", None),
    "select": ("option", _CUSTOM_TYPES + "select", None),
    "multi-select": ("array", _CUSTOM_TYPES + "multiselect", "option"),
    "cascading": ("option-with-child", _CUSTOM_TYPES + "cascadingselect", None),
    "checkboxes": ("array", _CUSTOM_TYPES + "multicheckboxes", "option"),
    "radio": ("option", _CUSTOM_TYPES + "radiobuttons", None),
    "labels": ("array", _CUSTOM_TYPES + "labels", "string"),
    "user": ("user", _CUSTOM_TYPES + "userpicker", None),
    "multiuser": ("array", _CUSTOM_TYPES + "multiuserpicker", "user"),
}
# Value types Jira reports as plain strings.
_STRING_VALUE_TYPES = ("doc", "url")
# The first option id of a field: 10100 + 100 per field, as option ids are unique across a site.
FIRST_OPTION_ID = 10100
OPTIONS_PER_FIELD = 100


@dataclass(frozen=True)
class FieldDef:
    id: str
    name: str
    schema: dict
    navigable: bool = True
    service_desk_only: bool = False  # its context: JSM projects only (the request type field)
    options: tuple[Option, ...] = ()

    @property
    def custom(self) -> bool:
        return self.id.startswith("customfield_")

    @property
    def value_type(self) -> str:
        return self.schema["type"]

    @property
    def changelog_name(self) -> str:
        """Changelog items name system fields by id and custom fields by display name."""
        return self.name if self.custom else self.id

    @property
    def item_type(self) -> str | None:
        return self.schema.get("items")

    @property
    def has_options(self) -> bool:
        """Whether its values are chosen among options of its context (select lists, checkboxes, radio)."""
        return self.value_type in ("option", "option-with-child") or self.item_type == "option"

    @property
    def context_id(self) -> str:
        """Its one context, global to every project and issue type (made with the field, as Jira does)."""
        return str(custom_number(self.id) + 10000)

    @property
    def json_schema(self) -> dict:
        return {**self.schema, "type": "string"} if self.value_type in _STRING_VALUE_TYPES else self.schema

    def applies_to(self, project) -> bool:
        return project.is_service_desk or not self.service_desk_only


def _system(field_id: str, name: str, value_type: str, **schema_extra) -> FieldDef:
    return FieldDef(field_id, name, {"type": value_type, "system": field_id, **schema_extra})


SYSTEM_FIELDS = (
    _system("summary", "Summary", "string"),
    _system("description", "Description", "doc"),
    _system("issuetype", "Issue Type", "issuetype"),
    _system("project", "Project", "project"),
    _system("labels", "Labels", "array", items="string"),
    _system("priority", "Priority", "priority"),
    _system("duedate", "Due date", "date"),
    _system("status", "Status", "status"),
    _system("resolution", "Resolution", "resolution"),
    _system("reporter", "Reporter", "user"),
    _system("creator", "Creator", "user"),
    _system("assignee", "Assignee", "user"),
    _system("created", "Created", "datetime"),
    _system("updated", "Updated", "datetime"),
    _system("comment", "Comment", "comments-page", navigable=False),
    _system("attachment", "Attachment", "array", items="attachment"),
    _system("parent", "Parent", "issuelink"),
    _system("components", "Components", "array", items="component"),
    _system("fixVersions", "Fix versions", "array", items="version"),
    _system("versions", "Affects versions", "array", items="version"),
)

# Fields Jira maintains itself; nobody sets them directly.
DERIVED_FIELDS = frozenset({"project", "creator", "created", "updated", "comment", "attachment"})
# The system fields on the default create and edit screens (status changes only by transition).
SCREEN_SYSTEM_FIELDS = ("issuetype", "parent", "summary", "description", "labels", "priority", "duedate", "reporter",
                        "assignee", "components", "fixVersions", "versions")
REQUIRED_ON_CREATE = ("project", "issuetype", "summary")
# How the default screens let each field be changed (createmeta "operations").
_OPERATIONS = {"labels": ["add", "set", "remove"], "components": ["add", "set", "remove"],
               "fixVersions": ["add", "set", "remove"], "versions": ["add", "set", "remove"], "issuetype": [],
               "project": ["set"]}


def custom_number(field_id: str) -> int:
    return int(field_id.removeprefix("customfield_"))


def request_type_field(field_id: str) -> FieldDef:
    """JSM's request type field: a custom field whose id differs from site to site."""
    schema = {"type": REQUEST_TYPE_VALUE_TYPE, "custom": REQUEST_TYPE_CUSTOM, "customId": custom_number(field_id)}
    return FieldDef(field_id, "Request Type", schema, service_desk_only=True)


def custom_field(field_id: str, name: str, kind: str, options=()) -> FieldDef:
    """``options``: values, or for a cascading select (parent value, [child values]) pairs."""
    if kind not in CUSTOM_FIELD_KINDS:
        raise ValueError(f"no custom field kind {kind!r}; choose one of {', '.join(CUSTOM_FIELD_KINDS)}")
    value_type, custom_type, items = CUSTOM_FIELD_KINDS[kind]
    schema = {"type": value_type, "custom": custom_type, "customId": custom_number(field_id),
              **({"items": items} if items else {})}
    ids = itertools.count(FIRST_OPTION_ID + (custom_number(field_id) % 1000) * OPTIONS_PER_FIELD)
    return FieldDef(field_id, name, schema, options=tuple(_option(ids, entry) for entry in options))


def _option(ids, entry) -> Option:
    if isinstance(entry, str):
        return Option(str(next(ids)), entry)
    value, children = entry
    parent_id = str(next(ids))
    return Option(parent_id, value, tuple(Option(str(next(ids)), child) for child in children))


def field_json(field: FieldDef) -> dict:
    """One entry of ``GET /rest/api/3/field``."""
    clause_names = [f"cf[{custom_number(field.id)}]", field.name] if field.custom else [field.id]
    return {
        "id": field.id,
        "key": field.id,
        "name": field.name,
        "untranslatedName": field.name,
        "custom": field.custom,
        "orderable": field.id not in DERIVED_FIELDS,
        "navigable": field.navigable,
        "searchable": True,
        "clauseNames": clause_names,
        "schema": field.json_schema,
    }


def create_field_json(field: FieldDef, allowed_values: list | None) -> dict:
    """One entry of the createmeta ``fields`` page (FieldCreateMetadata)."""
    entry = {
        "required": field.id in REQUIRED_ON_CREATE,
        "schema": field.json_schema,
        "name": field.name,
        "key": field.id,
        "fieldId": field.id,
        "hasDefaultValue": field.id == "priority",
        "operations": _OPERATIONS.get(field.id, ["set"]),
    }
    if allowed_values is not None:
        entry["allowedValues"] = allowed_values
    return entry
