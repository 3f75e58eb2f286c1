"""The servicedeskapi endpoints Tandem uses: service desks and their request types."""
from __future__ import annotations

from urllib.parse import quote

from addon.connectors.jira.client import JiraClient

PAGE = 100


class ServiceDeskApi:
    def __init__(self, client: JiraClient):
        self.client = client

    def service_desk_of(self, project_id: str) -> dict | None:
        desks = self.client.request("GET", "/rest/servicedeskapi/servicedesk", params={"limit": PAGE}).data
        return next((desk for desk in desks.get("values", []) if str(desk.get("projectId")) == str(project_id)), None)

    def request_types(self, service_desk_id) -> list[dict]:
        path = f"/rest/servicedeskapi/servicedesk/{quote(str(service_desk_id), safe='')}/requesttype"
        return self.client.request("GET", path, params={"limit": PAGE}).data.get("values", [])

    def request_types_of_project(self, project_id: str) -> list[dict]:
        desk = self.service_desk_of(project_id)
        return self.request_types(desk["id"]) if desk else []
