"""Jira's rules for setting a field's value: what input forms each kind of field takes, and its errors.

The test helpers and the REST API apply the same rules. Inputs may be a name, an id,
``{"id"|"name"|"value"|"accountId": ...}``, or (from the helpers) the stored object itself.
"""
import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from .fields import DERIVED_FIELDS
from .model import CascadingChoice, RequestType, User

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Jira's own format (2024-05-01T09:30:00.000+0000) and ISO 8601 with a colon in the offset or a Z.
DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z")
TEXT_FIELD_LIMIT = 255
TEXT_TOO_LONG = f"The entered text is too long. It exceeds the allowed limit of {TEXT_FIELD_LIMIT} characters."
NOT_ON_SCREEN = "Field '{}' cannot be set. It is not on the appropriate screen, or unknown."


class FieldError(ValueError):
    """A value Jira would refuse for a field (REST answers 400 with ``errors[field_id]``)."""

    def __init__(self, field_id: str, message: str):
        super().__init__(f"{field_id}: {message}")
        self.field_id = field_id
        self.message = message


class FieldErrors(ValueError):
    """Every refused value of one request: Jira reports them all at once."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class ValueRules:
    def __init__(self, state):
        self._state = state

    def coerce_all(self, project, values: dict[str, Any], settable=None) -> dict[str, Any]:
        """``settable``: the field ids a screen offers (REST may set no other); None: any field."""
        coerced, errors = {}, {}
        for field_id, raw in values.items():
            try:
                if settable is not None and field_id not in settable:
                    raise FieldError(field_id, NOT_ON_SCREEN.format(field_id))
                coerced[field_id] = self.coerce(project, field_id, raw)
            except FieldError as error:
                errors[error.field_id] = error.message
        if errors:
            raise FieldErrors(errors)
        return coerced

    def coerce(self, project, field_id: str, raw: Any) -> Any:
        field_def = self._state.fields.get(field_id)
        if field_def is None or not field_def.applies_to(project):
            raise FieldError(field_id, NOT_ON_SCREEN.format(field_id))
        if field_id in DERIVED_FIELDS:
            raise FieldError(field_id, f"Field '{field_id}' cannot be set.")
        if raw is None:
            return [] if field_def.value_type == "array" else None
        coerce_as = getattr(self, f"_coerce_{field_def.value_type.replace('-', '_')}", None)
        if coerce_as is None:
            raise FieldError(field_id, f"the simulator cannot set fields of type {field_def.value_type}")
        return coerce_as(project, field_def, raw)

    def _coerce_string(self, project, field_def, raw):
        if not isinstance(raw, str):
            raise FieldError(field_def.id, "Operation value must be a string")
        if field_def.custom and len(raw) > TEXT_FIELD_LIMIT:
            raise FieldError(field_def.id, TEXT_TOO_LONG)
        return raw

    def _coerce_url(self, project, field_def, raw):
        parts = urlsplit(raw) if isinstance(raw, str) else None
        if parts is None or parts.scheme not in ("http", "https", "ftp", "mailto") or not (parts.netloc or parts.path):
            raise FieldError(field_def.id, "Not a valid URL")
        return raw

    def _coerce_datetime(self, project, field_def, raw):
        if isinstance(raw, datetime.datetime):
            return raw
        text = raw.replace("Z", "+0000") if isinstance(raw, str) else None
        for pattern in DATETIME_FORMATS if text else ():
            try:
                return datetime.datetime.strptime(text, pattern)
            except ValueError:
                continue
        raise FieldError(field_def.id, f"Error parsing time: {raw}")

    def _coerce_number(self, project, field_def, raw):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise FieldError(field_def.id, "Operation value must be a number")
        return raw

    def _coerce_doc(self, project, field_def, raw):
        if not (isinstance(raw, dict) and raw.get("type") == "doc"):
            raise FieldError(
                field_def.id, "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
            )
        return raw

    def _coerce_array(self, project, field_def, raw):
        if field_def.item_type == "user" and not isinstance(raw, list):
            raise FieldError(field_def.id, "Operation value must be an array of users")
        item_rules = {"option": self._coerce_option, "component": self._coerce_component,
                      "version": self._coerce_version, "user": self._coerce_user}.get(field_def.item_type)
        if item_rules is None:
            return self._coerce_labels(field_def, raw)
        if not isinstance(raw, list):
            raise FieldError(field_def.id, "Operation value must be an array")
        return [item_rules(project, field_def, item) for item in raw]

    def _coerce_component(self, project, field_def, raw):
        return _pick(field_def.id, project.components, raw, _refusal("Component", raw, "name"))

    def _coerce_version(self, project, field_def, raw):
        return _pick(field_def.id, project.versions, raw, _refusal("Version", raw, "name"))

    def _coerce_labels(self, field_def, raw):
        if not isinstance(raw, list) or not all(isinstance(label, str) for label in raw):
            raise FieldError(field_def.id, "Operation value must be an array of strings")
        if any(not label or " " in label for label in raw):
            raise FieldError(field_def.id, "The label can't contain spaces.")
        return list(raw)

    def _coerce_date(self, project, field_def, raw):
        if not (isinstance(raw, str) and DATE_PATTERN.match(raw)):
            raise FieldError(field_def.id, "Error parsing date string: " + str(raw))
        return raw

    def _coerce_issuetype(self, project, field_def, raw):
        return _pick(field_def.id, project.issue_types, raw, "Specify a valid issue type")

    def _coerce_priority(self, project, field_def, raw):
        return _pick(
            field_def.id, self._state.priorities, raw, "Specify the Priority (name or id) in the correct format"
        )

    def _coerce_status(self, project, field_def, raw):
        return _pick(field_def.id, self._state.statuses, raw, "Specify a valid status")

    def _coerce_resolution(self, project, field_def, raw):
        return _pick(field_def.id, self._state.resolutions, raw, f"Resolution '{raw}' is not valid")

    def _coerce_option(self, project, field_def, raw):
        return _pick(field_def.id, field_def.options, raw, _refusal("Option", raw, "value"), name="value")

    def _coerce_option_with_child(self, project, field_def, raw):
        """``{"value"|"id": parent, "child": {"value"|"id": child}}``; the child must be one of the parent's."""
        if isinstance(raw, CascadingChoice):
            return raw
        if not isinstance(raw, dict):
            raise FieldError(field_def.id, "Operation value must be an object with a parent option and a child")
        parent = _pick(field_def.id, field_def.options, {k: v for k, v in raw.items() if k != "child"},
                       _refusal("Option", raw, "value"), name="value")
        child = raw.get("child")
        if child is None:
            return CascadingChoice(parent)
        refused = f"{_refusal('Option', child, 'value')} for parent option '{parent.value}'"
        return CascadingChoice(parent, _pick(field_def.id, parent.children, child, refused, name="value"))

    def _coerce_user(self, project, field_def, raw):
        """By account id (``{"accountId": ...}``); the assignee must be assignable in the project, a reporter
        a licensed user or, on a service desk, one of its customers (a request raised on their behalf)."""
        user = raw if isinstance(raw, User) else self._state.users.get(
            raw.get("accountId") if isinstance(raw, dict) else raw)
        if user is None or not user.active:
            raise FieldError(field_def.id, "Specified user does not exist or you do not have required permissions")
        if field_def.id == "assignee" and not project.assignable(user):
            raise FieldError(field_def.id, f"User '{user.account_id}' cannot be assigned issues.")
        if field_def.id == "reporter" and user.account_type == "customer" and not _customer_of(project, user):
            raise FieldError(field_def.id, f"The reporter '{user.account_id}' is not a customer of this service "
                                           "project.")
        return user

    def _coerce_issuelink(self, project, field_def, raw):
        """A parent, given as {"id": ...} or {"key": ...} (the test helpers: its key): an issue of the same project."""
        wanted = (raw.get("id") or raw.get("key")) if isinstance(raw, dict) else raw
        issue = self._state.find_issue(str(wanted)) if wanted else None
        if issue is None or issue.project is not project:
            raise FieldError(field_def.id, "Could not find the parent issue in this project.")
        return issue

    def _coerce_sd_customerrequesttype(self, project, field_def, raw):
        """Set with the request type's id as a plain string; the object form is refused (as in Jira)."""
        if isinstance(raw, RequestType):
            return raw
        if not isinstance(raw, str):
            raise FieldError(field_def.id, "Operation value must be a string")
        match = next((rt for rt in project.service_desk.request_types if rt.id == raw), None)
        if match is None:
            raise FieldError(field_def.id, f"The request type '{raw}' does not exist in this service project.")
        return match


def _customer_of(project, user: User) -> bool:
    return project.service_desk is not None and user.account_id in project.service_desk.customers


def _refusal(kind: str, raw, name: str) -> str:
    """Jira's words for a choice it does not know: "Option value 'Gold' is not valid", "Component name ..."."""
    if isinstance(raw, dict) and "id" in raw:
        return f"{kind} id '{raw['id']}' is not valid"
    return f"{kind} {name} '{raw.get(name) if isinstance(raw, dict) else raw}' is not valid"


def _pick(field_id: str, choices, raw, message: str, name: str = "name"):
    """One of ``choices`` (objects with an id and a ``name``) given as itself, its name, its id or a dict."""
    if raw in choices:
        return raw
    if isinstance(raw, dict):
        wanted = [("id", raw["id"])] if "id" in raw else [(name, raw.get(name))]
    else:
        wanted = [(name, raw), ("id", raw)]
    for attribute, value in wanted:
        value = str(value) if attribute == "id" and value is not None else value
        match = next((choice for choice in choices if getattr(choice, attribute) == value), None)
        if match is not None:
            return match
    raise FieldError(field_id, message)
