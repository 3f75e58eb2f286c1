"""Checking a half's people against the real sites: each account its table or fallback names must exist there.

Asked of Jira when a draft is saved and when it is published, as the half's other names are; the problems are
keyed by their path in the half (``incoming.people.table.0.my_account_id``).
"""
from __future__ import annotations

from addon.connections.validation import Problems
from addon.db.tenant import Tenant
from addon.sync.people import people_settings

LICENSED = "atlassian"


def check_people(runtime, half: dict, own: Tenant, other: Tenant) -> dict[str, list[str]]:
    settings = people_settings(half["incoming"])
    problems = Problems()
    for number, row in enumerate(settings["table"]):
        path = f"incoming.people.table.{number}"
        _account(runtime, other, row["their_account_id"], f"{path}.their_account_id", problems)
        _account(runtime, own, row["my_account_id"], f"{path}.my_account_id", problems)
    if settings["default_account_id"]:
        user = _account(runtime, own, settings["default_account_id"], "incoming.people.default_account_id", problems)
        if user is not None and user.get("accountType", LICENSED) != LICENSED:
            problems.add("incoming.people.default_account_id",
                         f"{user.get('displayName')} cannot be assigned issues on {own.base_url} (not a Jira user)")
    return problems.by_path


def _account(runtime, tenant: Tenant, account_id: str, path: str, problems: Problems) -> dict | None:
    user = runtime.jira(tenant).user(account_id)
    if user is None:
        problems.add(path, f"user '{account_id}' does not exist on {tenant.base_url}")
    elif not user.get("active", True):
        problems.add(path, f"user {user.get('displayName')} is no longer active on {tenant.base_url}")
    return user
