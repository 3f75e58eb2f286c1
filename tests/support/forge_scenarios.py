"""Scenarios through the Forge door: sites that installed Tandem's Forge app (tests.forgesim), their admins
working in the Forge settings page (``invokeRemote`` with a FIT), and a settle that waits for Forge's events."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from tests.forgesim import ForgeInstallation, ForgePlatform, Manifest
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.scenarios import install as connect_install
from tests.support.settle import failed_events, forget_unfinished, settle

MANIFEST = Path(__file__).resolve().parents[2] / "descriptors" / "forge" / "manifest.yml"


def app_manifest() -> Manifest:
    """The Forge app's own manifest (descriptors/forge/manifest.yml): the platform routes by it, so a route the
    remote does not serve fails the tests."""
    return Manifest.load(MANIFEST)


@dataclass
class ForgeAdmin(Admin):
    """A project admin in the project's Tandem page of the Forge app: the same settings API, called through
    ``invokeRemote`` (a FIT naming the user and the project) instead of with Connect's context JWT."""

    installation: ForgeInstallation = None

    def call(self, method: str, path: str, json=None, expect: int | None = None) -> requests.Response:
        project = {"id": str(self.project["id"]), "key": self.project["key"]}
        response = self.installation.invoke_remote(method, path, self.account_id, {"project": project}, json=json)
        if expect is not None:
            assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response


def install_forge(forge: ForgePlatform, app_url: str, *sites) -> list[ForgeInstallation]:
    installations = []
    for site in sites:
        installation = forge.install(site, app_url)
        response = installation.last_response
        assert response is not None and response.status_code == 204, \
            f"installing into {site.name}: {response and response.status_code} {response and response.text}"
        installations.append(installation)
    return installations


def install_doors(forge: ForgePlatform, app_url: str, forge_site, other_site, doors: str) -> None:
    """``forge_site`` installs the Forge app; ``other_site`` too when ``doors`` is "forge-forge", else only the
    Connect app ("forge-connect")."""
    install_forge(forge, app_url, forge_site)
    if doors == "forge-forge":
        install_forge(forge, app_url, other_site)
    else:
        assert doors == "forge-connect", doors
        connect_install(app_url, other_site)


def finish(database, forge: ForgePlatform, sites) -> None:
    """After a test: everything settled with no failure, what is left forgotten, the Forge app uninstalled."""
    try:
        settle_forge(database, forge, sites)
        assert failed_events(database, sites) == []
    finally:
        forget_unfinished(database, sites)
        for site in sites:
            if forge.installation_in(site) is not None:
                forge.uninstall(site)


def admin_of(app_url: str, site, project: dict, forge: ForgePlatform | None) -> Admin:
    """The site's admin in ``project``'s settings page: through Forge when the site installed the Forge app."""
    installation = forge.installation_in(site) if forge is not None else None
    if installation is None:
        return Admin(app_url, site, site.admin.account_id, project)
    return ForgeAdmin(app_url, site, site.admin.account_id, project, installation)


def connect_and_start(app_url: str, forge: ForgePlatform, source, source_project: dict, target, target_project: dict,
                      scenario: str) -> tuple[Admin, Admin, int]:
    requester = admin_of(app_url, source, source_project, forge)
    redeemer = admin_of(app_url, target, target_project, forge)
    connection_id = connect_across_sites(requester, redeemer, scenario)
    requester.publish_and_start(connection_id, redeemer)
    return requester, redeemer, connection_id


def settle_forge(database, forge: ForgePlatform, sites, quiet: float = 0.8, timeout: float = 60.0) -> None:
    """``settle``, after Forge delivered the events of every change made so far (and again once settled, as the
    sync's own writes make events too)."""
    for _ in range(2):
        for site in sites:
            if (installation := forge.installation_in(site)) is not None:
                installation.wait_for_events(timeout)
        settle(database, sites, quiet, timeout)
