"""Driving the settings JSON API the way our iframe does: with Jira's context JWT for an acting admin."""
from __future__ import annotations

from dataclasses import dataclass

import requests


@dataclass
class Admin:
    """A project admin on one simulated site, working in that project's Tandem settings page."""

    app_url: str
    site: object
    account_id: str
    project: dict  # the simulator's project: id and key

    def call(self, method: str, path: str, json=None, expect: int | None = None) -> requests.Response:
        token = self.site.context_jwt(self.account_id, jira={"project": {"id": str(self.project["id"]),
                                                                           "key": self.project["key"]}})
        response = requests.request(method, self.app_url + path, json=json, timeout=30,
                                    headers={"Authorization": f"JWT {token}"})
        if expect is not None:
            assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response

    def publish_and_start(self, connection_id: int, other: "Admin") -> None:
        for admin in (self, other):
            admin.call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
        self.call("POST", f"/api/connections/{connection_id}/start", expect=200)


def connect_within_site(requester: Admin, target_project: dict, scenario: str, acceptor: Admin | None = None) -> int:
    body = {"name": f"{scenario} sync", "scenario": scenario, "target": {"projectId": str(target_project["id"])}}
    created = requester.call("POST", "/api/connections", json=body, expect=201).json()
    if acceptor is not None:
        acceptor.call("POST", f"/api/connections/{created['id']}/accept", expect=200)
    return created["id"]


def connect_across_sites(requester: Admin, redeemer: Admin, scenario: str) -> int:
    body = {"name": f"{scenario} sync", "scenario": scenario, "otherSite": True}
    created = requester.call("POST", "/api/connections", json=body, expect=201).json()
    redeemer.call("POST", "/api/invitations/redeem", json={"code": created["invitationCode"]}, expect=200)
    return created["id"]
