"""One REST call being answered: what handlers get, and the error answers they raise.

Handlers run under the site's lock with a :class:`Call`, return ``(status, json)`` and raise
:class:`JiraError` for Jira's error answers. ``gateway`` has already checked the JWT and the contract.
"""
import json
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from . import adf
from .links import Links
from .model import Issue, Project, User

ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it."
PROPERTY_KEY_MAX = 255
PROPERTY_VALUE_MAX = 32768


class JiraError(Exception):
    """An error answer; by default in the platform's shape ``{"errorMessages": [...], "errors": {...}}``."""

    def __init__(self, status: int, messages=(), errors=None, body=None):
        super().__init__(status, messages, errors)
        self.status = status
        self.body = body if body is not None else {"errorMessages": list(messages), "errors": errors or {}}

    @classmethod
    def service_desk(cls, status: int, message: str, i18n_key: str) -> "JiraError":
        """The servicedeskapi's own error shape."""
        return cls(status, body={"errorMessage": message, "i18nErrorMessage": {"i18nKey": i18n_key, "parameters": []}})


@dataclass
class Call:
    site: Any  # the SimSite
    request: Request
    path: str  # relative to the site's base URL

    @property
    def state(self):
        return self.site.state

    @property
    def activity(self):
        return self.site.activity

    @property
    def actor(self) -> User:
        """Calls signed by a Connect app run as the app's own user."""
        return self.site.app_user

    @property
    def links(self) -> Links:
        return Links(self.site.base_url, api_version="3")

    def arg(self, name: str, default=None):
        return self.request.args.get(name, default)

    def int_arg(self, name: str, default: int) -> int:
        return int(self.request.args.get(name, default))

    def listed(self, name: str) -> list[str]:
        """A list parameter, given repeated or comma-separated."""
        return [item.strip() for value in self.request.args.getlist(name) for item in value.split(",") if item.strip()]

    def body(self) -> Any:
        return self.request.get_json(silent=True)

    def issue(self, id_or_key: str) -> Issue:
        issue = self.state.find_issue(id_or_key)
        if issue is None:
            raise JiraError(404, [ISSUE_NOT_FOUND])
        return issue

    def project(self, id_or_key: str) -> Project:
        project = self.state.find_project(id_or_key)
        if project is None:
            raise JiraError(404, [f"No project could be found with key '{id_or_key}'."])
        return project

    def require_valid_adf(self, document: dict, where: str) -> None:
        """Jira refuses a document its editor could not show; the simulator also records the
        app's mistake as a contract violation, so the test that caused it fails."""
        problem = adf.schema_problem(document) if self.site.check_contract else None
        if problem is not None:
            self.site.contract_violations.append(
                f"{self.request.method} {self.path}: {where} is not valid ADF: {problem}"
            )
            raise JiraError(400, ["INVALID_INPUT"])


def entity_properties(entries) -> dict:
    """Entity properties as a request gives them: keys up to 255 characters, values up to 32 KB of JSON."""
    properties = {}
    for entry in entries or []:
        key, value = entry.get("key"), entry.get("value")
        if not key or len(key) > PROPERTY_KEY_MAX:
            raise JiraError(400, ["The property key must be between 1 and 255 characters long."])
        if value is None:
            raise JiraError(400, [f"The value of property '{key}' cannot be empty."])
        if len(json.dumps(value)) > PROPERTY_VALUE_MAX:
            raise JiraError(400, [f"The property '{key}' exceeds the maximum size of {PROPERTY_VALUE_MAX} bytes."])
        properties[key] = value
    return properties
