"""Issue fields as Jira describes them (``GET /rest/api/3/field``).

A field's ``schema`` decides how its stored value is shown in JSON and in changelogs, so a later
custom field (e.g. JSM's Customer Request Type) only needs a new :class:`FieldDef`.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldDef:
    id: str
    name: str
    schema: dict
    navigable: bool = True

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


def _system(field_id: str, name: str, value_type: str, **schema_extra) -> FieldDef:
    return FieldDef(field_id, name, {"type": value_type, "system": field_id, **schema_extra})


# "doc" is this simulator's value type for ADF documents: Jira reports them as "string".
SYSTEM_FIELDS = (
    _system("summary", "Summary", "string"),
    _system("description", "Description", "doc"),
    _system("issuetype", "Issue Type", "issuetype"),
    _system("project", "Project", "project"),
    _system("labels", "Labels", "array", items="string"),
    _system("priority", "Priority", "priority"),
    _system("duedate", "Due date", "date"),
    _system("status", "Status", "status"),
    _system("reporter", "Reporter", "user"),
    _system("creator", "Creator", "user"),
    _system("assignee", "Assignee", "user"),
    _system("created", "Created", "datetime"),
    _system("updated", "Updated", "datetime"),
    _system("comment", "Comment", "comments-page", navigable=False),
)

# Fields Jira maintains itself; nobody sets them directly.
DERIVED_FIELDS = frozenset({"project", "creator", "created", "updated", "comment"})
