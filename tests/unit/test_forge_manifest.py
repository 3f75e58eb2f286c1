"""The Forge app's manifest (descriptors/forge/manifest.yml) passes Atlassian's own validation, @forge/manifest's
FULL check and its event-scope and remote checks, run offline by descriptors/check-forge-manifest.mjs; and it
declares what the remote relies on: the events the Connect descriptor subscribes to, and endpoints routed to the
remote's routes of docs/forge.md with the app's system token."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from addon import create_app
from addon.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
FORGE_APP = ROOT / "descriptors" / "forge"
CHECK = ROOT / "descriptors" / "check-forge-manifest.mjs"
VALIDATOR = ROOT / "frontend" / "node_modules" / "@forge" / "manifest"
CUSTOM_UI = FORGE_APP / "static" / "ui" / "index.html"
# What the Forge CLI would read from the environment of whoever deploys (README, "Install through Forge").
DEPLOY_ENVIRONMENT = {"TANDEM_FORGE_APP_ID": "ari:cloud:ecosystem::app/6a1f0c52-8f3e-4b9e-9d1a-2f0c5e7b3a10",
                      "TANDEM_BASE_URL": "https://tandem.example.com"}


@pytest.fixture(scope="module")
def checkable():
    """The validator is installed and the Custom UI built (the FULL check looks into the resource's folder)."""
    if shutil.which("node") is None:
        pytest.fail("node is missing: the Forge manifest is checked with Node.js (scripts/bootstrap needs it too)")
    if not VALIDATOR.exists():
        pytest.fail(f"{VALIDATOR} is missing: run scripts/bootstrap, which installs the front end's devDependencies")
    if not CUSTOM_UI.exists():
        pytest.fail(f"{CUSTOM_UI} is missing: run scripts/bootstrap (scripts/build-frontend builds the Custom UI)")


def check(*manifests: Path) -> subprocess.CompletedProcess:
    """One run of the check for several manifests: each start compiles Atlassian's schema (seconds of CPU)."""
    return subprocess.run(["node", str(CHECK), *map(str, manifests)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **DEPLOY_ENVIRONMENT})


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((FORGE_APP / "manifest.yml").read_text(encoding="utf-8"))


def test_the_manifest_passes_atlassians_validation(checkable):
    checked = check(FORGE_APP / "manifest.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.endswith("manifest.yml: valid (full, product-trigger)\n")


def broken_copy(folder: Path, breaking: str, mended: str, custom_ui: bool = True) -> Path:
    """The app folder elsewhere with one thing broken: a line of its manifest, or its Custom UI not built."""
    folder.mkdir()
    if custom_ui:  # a copy: the check wants a folder, not a link to one
        shutil.copytree(CUSTOM_UI.parent, folder / "static" / "ui")
    text = (FORGE_APP / "manifest.yml").read_text(encoding="utf-8")
    assert breaking in text
    (folder / "manifest.yml").write_text(text.replace(breaking, mended), encoding="utf-8")
    return folder / "manifest.yml"


def test_the_validation_fails_on_what_forge_deploy_would_refuse(checkable, tmp_path):
    no_scope = broken_copy(tmp_path / "no-scope", "    - read:jira-work\n", "")
    no_ui = broken_copy(tmp_path / "no-ui", "", "", custom_ui=False)
    bad_route = broken_copy(tmp_path / "bad-route", "remote: tandem\n      route:", "remote: elsewhere\n      route:")
    checked = check(no_scope, no_ui, bad_route)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    findings = checked.stdout.splitlines()
    assert f"{no_scope}: 7 error(s)" in findings  # one per product event
    assert any(line.startswith(f"{no_scope}:") and "Trigger event: 'avi:jira:created:issue' requires "
               "'read:jira-work' scope" in line for line in findings)
    assert any(line.startswith(f"{no_ui}:") and "static/ui" in line for line in findings)
    assert any(line.startswith(f"{bad_route}:") and "elsewhere" in line for line in findings)


def test_the_triggers_carry_every_event_the_connect_descriptor_subscribes_to(manifest):
    triggers = {trigger["key"]: trigger for trigger in manifest["modules"]["trigger"]}
    # Connect's jira:issue_created/updated/deleted, comment_created and comment_updated (Forge has one event for
    # both: commented:issue), comment_deleted, attachment_created/deleted.
    assert triggers["tandem-jira-events"]["events"] == [
        "avi:jira:created:issue", "avi:jira:updated:issue", "avi:jira:deleted:issue", "avi:jira:commented:issue",
        "avi:jira:deleted:comment", "avi:jira:created:attachment", "avi:jira:deleted:attachment"]
    # Tandem's own writes must come back (with selfGenerated): the loop guard needs them for chains A<->B<->C.
    assert "filter" not in triggers["tandem-jira-events"]
    assert triggers["tandem-lifecycle"]["events"] == ["avi:forge:installed:app", "avi:forge:upgraded:app"]
    [hourly] = manifest["modules"]["scheduledTrigger"]
    assert hourly["interval"] == "hour"


def forge_routes_of_the_remote(tmp_path) -> set[str]:
    """The routes Tandem's server takes Forge's triggers on: POST under /forge (docs/forge.md)."""
    app = create_app(load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path)}))
    return {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/forge/") and "POST" in rule.methods}


def test_every_endpoint_reaches_the_remote_with_the_apps_token(manifest, tmp_path):
    [remote] = manifest["remotes"]
    assert remote["baseUrl"] == "${TANDEM_BASE_URL}"
    endpoints = {endpoint["key"]: endpoint for endpoint in manifest["modules"]["endpoint"]}
    assert {endpoint["remote"] for endpoint in endpoints.values()} == {remote["key"]}
    assert all(endpoint["auth"] == {"appSystemToken": {"enabled": True}} for endpoint in endpoints.values())
    routes = {endpoint["route"]["path"] for endpoint in endpoints.values() if "route" in endpoint}
    assert routes == forge_routes_of_the_remote(tmp_path) == {"/forge/events", "/forge/lifecycle", "/forge/uninstall",
                                                              "/forge/scheduled"}
    modules = manifest["modules"]
    used = {module.get("endpoint") or module["resolver"]["endpoint"] for kind in
            ("trigger", "scheduledTrigger", "preUninstall", "jira:projectSettingsPage", "jira:issueGlance")
            for module in modules[kind]}
    assert used == set(endpoints)


def test_the_ui_modules_share_the_custom_ui_built_from_the_front_end(manifest):
    [resource] = manifest["resources"]
    assert resource["path"] == "static/ui"
    pages = manifest["modules"]["jira:projectSettingsPage"] + manifest["modules"]["jira:issueGlance"]
    assert {page["resource"] for page in pages} == {resource["key"]}
    # The resolver endpoint has no route: the page names its /api/... paths in invokeRemote.
    [ui_endpoint] = {page["resolver"]["endpoint"] for page in pages}
    assert "route" not in next(e for e in manifest["modules"]["endpoint"] if e["key"] == ui_endpoint)


def test_the_origin_property_is_indexed_as_under_connect(manifest):
    [index] = manifest["modules"]["jira:entityProperty"]
    assert (index["entityType"], index["propertyKey"]) == ("issue", "tandem.origin")
    assert index["values"] == [{"path": "key", "type": "string", "searchAlias": "tandemOrigin"}]
