"""What a field's values are chosen among on one site, read through the platform API: the site's priorities, a
project's components or versions, a custom field's options (every context's, children under their parents)."""
from __future__ import annotations

from .api import JiraApi

def offered_choices(api: JiraApi, project_id: str, field_id: str, schema: dict) -> list[dict] | None:
    """``[{"value": name, "children": [names]}]``; None when the field's values are not chosen from a list."""
    value_type, items = schema.get("type"), schema.get("items")
    if value_type == "priority":
        return _named(api.priorities(project_id))
    if items == "component":
        return _named(api.components(project_id))
    if items == "version":
        return _named(api.versions(project_id))
    if value_type in ("option", "option-with-child") or items == "option":
        return _options(api, field_id)
    return None


def _named(things: list[dict]) -> list[dict]:
    return [{"value": thing["name"], "children": []} for thing in things]


def _options(api: JiraApi, field_id: str) -> list[dict]:
    parents: dict[str, dict] = {}
    children: list[dict] = []
    for context in api.field_contexts(field_id):
        for option in api.context_options(field_id, context["id"]):
            if option.get("disabled"):
                continue
            if option.get("optionId"):
                children.append(option)
            else:
                parents.setdefault(option["value"], {"value": option["value"], "children": [], "id": option["id"]})
    by_id = {parent["id"]: parent for parent in parents.values()}
    for child in children:
        parent = by_id.get(str(child["optionId"]))
        if parent is not None and child["value"] not in parent["children"]:
            parent["children"].append(child["value"])
    return [{"value": parent["value"], "children": parent["children"]} for parent in parents.values()]
