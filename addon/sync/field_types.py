"""Fields by type: what kind of value a field holds (from Jira's field schema), and a neutral value written in the
form a field of the target's kind takes, converted when the two fields' kinds differ (a number into a text field,
plain text into a paragraph).

Neutral values (``addon.sync.replica``) are names, never ids: an option by its value, a cascading select as
"Parent / Child", a priority, component or version by its name, rich text as ADF, dates as Jira writes them.
"""
from __future__ import annotations

from addon.sync.adf import plain_to_adf

# How a cascading select's neutral value joins its parent and child options.
CASCADE_SEPARATOR = " / "
# Kinds whose values are chosen among the target's own: their values travel by name, with a value map.
CHOICE_KINDS = frozenset({"priority", "components", "versions", "option", "options", "cascading"})
VALUE_MAP_KINDS = CHOICE_KINDS | {"labels"}
LIST_KINDS = frozenset({"components", "versions", "options", "labels", "users"})
_CUSTOM_STRING_KINDS = {"textarea": "paragraph", "url": "url"}
_ARRAY_KINDS = {"component": "components", "version": "versions", "option": "options", "string": "labels",
                "user": "users"}
_PLAIN_KINDS = {"priority": "priority", "option-with-child": "cascading", "option": "option", "user": "user",
                "number": "number", "date": "date", "datetime": "datetime"}
RICH_TEXT_SYSTEM_FIELDS = ("description", "environment")


class Unconvertible(ValueError):
    """A value the target field's kind cannot hold (text that is not a number, for a number field)."""


def field_kind(schema: dict) -> str:
    """text, paragraph, url, number, date, datetime, priority, option, options, cascading, components, versions,
    labels, user, users; "other" for what Tandem carries as it is."""
    value_type = schema.get("type")
    if value_type == "array":
        return _ARRAY_KINDS.get(schema.get("items"), "other")
    if value_type == "string":
        custom = (schema.get("custom") or "").rsplit(":", 1)[-1]
        if schema.get("system") in RICH_TEXT_SYSTEM_FIELDS:
            return "paragraph"
        return _CUSTOM_STRING_KINDS.get(custom, "text")
    return _PLAIN_KINDS.get(value_type, "other")


def write_value(value, schema: dict):
    """The neutral ``value`` as Jira's REST v3 takes it for a field with this schema."""
    kind = field_kind(schema)
    if value is None or value == []:
        return [] if kind in LIST_KINDS else None
    writer = _WRITERS.get(kind)
    return writer(value) if writer else value


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _first(value):
    return value[0] if isinstance(value, list) else value


def _plain_text(value) -> str:
    if isinstance(value, dict) and value.get("type") == "doc":
        return "\n".join(_texts(value)).strip()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _texts(node: dict):
    """One string per block of a document: its text nodes joined."""
    if node.get("type") == "text":
        yield node.get("text", "")
        return
    children = node.get("content") or []
    if node.get("type") in ("paragraph", "heading"):
        yield "".join(child.get("text", "") for child in children if child.get("type") == "text")
        return
    for child in children:
        yield from _texts(child)


def _paragraph(value) -> dict:
    if isinstance(value, dict) and value.get("type") == "doc":
        return value
    return plain_to_adf(_plain_text(value))


def _number(value):
    if isinstance(value, bool):
        raise Unconvertible(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return value
    try:
        return float(_plain_text(value).strip())
    except ValueError:
        raise Unconvertible(f"{_plain_text(value)!r} is not a number") from None


def _date(value) -> str:
    return str(_first(value))[:10]


def _datetime(value) -> str:
    text = str(_first(value))
    return f"{text}T00:00:00.000+0000" if len(text) == 10 else text


def _cascading(value) -> dict:
    parent, _, child = str(_first(value)).partition(CASCADE_SEPARATOR)
    return {"value": parent, **({"child": {"value": child}} if child else {})}


def _labels(value) -> list:
    return [word for item in _as_list(value) for word in _plain_text(item).split()]


_WRITERS = {
    "text": _plain_text,
    "url": lambda value: _plain_text(value).strip(),
    "paragraph": _paragraph,
    "number": _number,
    "date": _date,
    "datetime": _datetime,
    "priority": lambda value: {"name": str(_first(value))},
    "option": lambda value: {"value": _plain_text(_first(value))},
    "options": lambda value: [{"value": _plain_text(item)} for item in _as_list(value)],
    "cascading": _cascading,
    "components": lambda value: [{"name": str(item)} for item in _as_list(value)],
    "versions": lambda value: [{"name": str(item)} for item in _as_list(value)],
    "labels": _labels,
}


def choice_values(kind: str, options: list[dict]) -> list[str]:
    """The neutral values a field's options offer: a cascading select's parents, and each parent with each child."""
    if kind != "cascading":
        return [option["value"] for option in options]
    values = []
    for option in options:
        values.append(option["value"])
        values += [option["value"] + CASCADE_SEPARATOR + child for child in option.get("children", [])]
    return values
