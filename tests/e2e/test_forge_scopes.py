"""The Forge app's scopes (descriptors/forge/manifest.yml) are the least that work: every Jira call Tandem makes
for a Forge site through a whole Power Customer (set-up through the settings page, issues, public and internal
comments, edits, deletes) needs only scopes the manifest asks for, according to Atlassian's own OpenAPI spec
(each operation's current OAuth 2.0 scopes), and each scope asked for is needed by one of those calls."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.e2e.test_forge_power_customer import power_customer  # noqa: F401 (the fixture: Power Customer set up)
from tests.jirasim import load_json_contract
from tests.support import forge_scenarios

MANIFEST = Path(__file__).resolve().parents[2] / "descriptors" / "forge" / "manifest.yml"
# The app's right to the token it calls Jira with: no Jira call names it.
TOKEN_SCOPES = {"read:app-system-token"}
# Needed on paths this Power Customer does not take: reading a twin's workflow when the status to reach is more
# than one transition away (walked in tests/e2e/test_status_sync.py), and creating a component or version the
# receiving project lacks (tests/e2e/test_fields_by_type.py).
SCOPES_OF_OTHER_PATHS = {"manage:jira-configuration", "manage:jira-project"}
# Jira Service Management's REST API is not in the platform spec; its reference gives these classic scopes.
SERVICE_DESK_SCOPES = {"GET": {"read:servicedesk-request"}, "POST": {"write:servicedesk-request"}}


def operations() -> list[tuple[str, re.Pattern, set[str]]]:
    """(method, path pattern, current scopes) of every operation of the platform spec, literal paths first."""
    spec = load_json_contract("jira-platform-openapi.json")
    found = []
    for template, methods in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$")
        for method, operation in methods.items():
            current = [entry["scopes"] for entry in operation.get("x-atlassian-oauth2-scopes", [])
                       if entry.get("state") == "Current"]
            if current:
                found.append((template.count("{"), method.upper(), pattern, set(current[0])))
    return [(method, pattern, scopes) for _, method, pattern, scopes in sorted(found, key=lambda found: found[0])]


def scopes_of(method: str, path: str, known) -> set[str]:
    if path.startswith("/rest/servicedeskapi/"):
        return SERVICE_DESK_SCOPES[method]
    for known_method, pattern, scopes in known:
        if known_method == method and pattern.match(path):
            return scopes
    raise AssertionError(f"{method} {path} is no operation of Jira's spec: which scope does it need?")


@pytest.mark.parametrize("power_customer", ["forge-forge"], indirect=True)  # both sites through Forge
def test_the_manifest_asks_for_exactly_the_scopes_tandems_jira_calls_need(power_customer, forge, database):
    customer, support = power_customer
    sites = [customer, support]
    carla, sam = customer.add_user("Carla Customer"), support.add_user("Sam Support")
    issue = customer.create_issue("CUS", "Task", "Printer on fire", description="It smokes", user=carla)
    comment = customer.add_comment(issue["key"], "Any news?", user=carla)
    forge_scenarios.settle_forge(database, forge, sites)
    [twin] = support.issues("SUP")
    support.add_comment(twin["key"], "We are on it", user=sam)
    support.add_comment(twin["key"], "Customer seems confused", user=sam, internal=True)
    customer.update_issue(issue["key"], summary="Printer on fire, still")
    customer.edit_comment(issue["key"], comment["id"], "Any news at all?")
    forge_scenarios.settle_forge(database, forge, sites)
    customer.delete_comment(issue["key"], comment["id"])
    forge_scenarios.settle_forge(database, forge, sites)

    known = operations()
    needed: dict[str, set[str]] = {}
    for site in sites:
        for call in site.requests:
            for scope in scopes_of(call.method, call.path.split("?")[0], known):
                needed.setdefault(scope, set()).add(f"{call.method} {call.path.split('?')[0]}")
    asked = set(yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["permissions"]["scopes"])
    assert set(needed) <= asked, f"calls need scopes the manifest lacks: { {s: needed[s] for s in set(needed) - asked} }"
    unneeded = asked - TOKEN_SCOPES - SCOPES_OF_OTHER_PATHS - set(needed)
    assert not unneeded, f"scopes no call needs: {unneeded}"
