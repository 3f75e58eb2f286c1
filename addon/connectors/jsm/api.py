"""The servicedeskapi endpoints Tandem uses: service desks and their request types."""
from __future__ import annotations

from typing import Iterator
from urllib.parse import quote

from addon.connectors.jira.client import JiraClient

# What we ask for; JSM may answer with fewer a page ("up to the maximum set for these objects").
PAGE = 100


class ServiceDeskApi:
    def __init__(self, client: JiraClient):
        self.client = client

    def service_desk_of(self, project_id: str) -> dict | None:
        desks = self._every("/rest/servicedeskapi/servicedesk")
        return next((desk for desk in desks if str(desk.get("projectId")) == str(project_id)), None)

    def request_types(self, service_desk_id) -> list[dict]:
        return list(self._every(f"/rest/servicedeskapi/servicedesk/{quote(str(service_desk_id), safe='')}/requesttype"))

    def request_types_of_project(self, project_id: str) -> list[dict]:
        desk = self.service_desk_of(project_id)
        return self.request_types(desk["id"]) if desk else []

    def _every(self, path: str) -> Iterator[dict]:
        """Every value of a paged list, a page at a time until the one JSM calls the last (or an empty one)."""
        start = 0
        while True:
            page = self.client.request("GET", path, params={"start": start, "limit": PAGE}).data
            values = page.get("values") or []
            yield from values
            if page.get("isLastPage", True) or not values:
                return
            start += len(values)
