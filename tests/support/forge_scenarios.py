"""Scenarios through the Forge door: sites that installed Tandem's Forge app (tests.forgesim), their admins
working in the Forge settings page (``invokeRemote`` with a FIT), and a settle that waits for Forge's events."""
from __future__ import annotations

from dataclasses import dataclass

import requests

from tests.forgesim import ForgeInstallation, ForgePlatform
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.settle import settle


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
