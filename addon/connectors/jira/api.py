"""The platform REST endpoints Tandem uses, one method each, REST v3 (ADF) throughout."""
from __future__ import annotations

from typing import BinaryIO, Iterator
from urllib.parse import quote

from .client import JiraClient, JiraError
from .multipart import MultipartUpload

ISSUE = "/rest/api/3/issue"
REQUEST_TYPE_FIELD = "com.atlassian.servicedesk:vp-origin"
SEARCH_PAGE = 50


def _segment(value) -> str:
    return quote(str(value), safe="")


TRACE_HEADER = "X-Atlassian-Webhook-Trace"


class JiraApi:
    def __init__(self, client: JiraClient, trace: str | None = None):
        """``trace``: sent as X-Atlassian-Webhook-Trace on every write; Jira sends it back on the webhooks the
        write causes."""
        self.client = client
        self._write_headers = {TRACE_HEADER: trace} if trace else None

    def _write(self, method: str, path: str, params=None, json=None):
        return self.client.request(method, path, params=params, json=json, headers=self._write_headers)

    # -- site and project metadata --------------------------------------------------------
    def myself(self) -> dict:
        return self.client.myself()

    def fields(self) -> list[dict]:
        return self.client.request("GET", "/rest/api/3/field").data

    def request_type_field_id(self) -> str | None:
        """The Customer Request Type field: its id differs per site."""
        for field in self.fields():
            if (field.get("schema") or {}).get("custom") == REQUEST_TYPE_FIELD:
                return field["id"]
        return None

    def project(self, project_id_or_key) -> dict:
        return self.client.request("GET", f"/rest/api/3/project/{_segment(project_id_or_key)}").data

    def projects(self, query: str | None = None) -> list[dict]:
        params = {"maxResults": 50, **({"query": query} if query else {})}
        return self.client.request("GET", "/rest/api/3/project/search", params=params).data["values"]

    def create_issue_types(self, project_id_or_key) -> list[dict]:
        path = f"{ISSUE}/createmeta/{_segment(project_id_or_key)}/issuetypes"
        return self.client.request("GET", path, params={"maxResults": 200}).data["issueTypes"]

    def create_fields(self, project_id_or_key, issue_type_id) -> list[dict]:
        path = f"{ISSUE}/createmeta/{_segment(project_id_or_key)}/issuetypes/{_segment(issue_type_id)}"
        return self.client.request("GET", path, params={"maxResults": 200}).data["fields"]

    def administers_project(self, account_id: str, project_id) -> bool:
        body = {
            "accountId": account_id,
            "projectPermissions": [{"permissions": ["ADMINISTER_PROJECTS"], "projects": [int(project_id)]}],
        }
        granted = self.client.request("POST", "/rest/api/3/permissions/check", json=body).data
        return any(
            entry.get("permission") == "ADMINISTER_PROJECTS" and int(project_id) in entry.get("projects", [])
            for entry in granted.get("projectPermissions", [])
        )

    def holds_on_issue(self, account_id: str, issue_id, permission: str) -> bool:
        """Whether the user holds a project permission (BROWSE_PROJECTS, EDIT_ISSUES...) on one issue;
        False for an issue that does not exist, as Jira grants nothing there."""
        asked = [{"permissions": [permission], "issues": [int(issue_id)]}]
        body = {"accountId": account_id, "projectPermissions": asked}
        granted = self.client.request("POST", "/rest/api/3/permissions/check", json=body).data
        return any(entry.get("permission") == permission and int(issue_id) in entry.get("issues", [])
                   for entry in granted.get("projectPermissions", []))

    # -- what field values are chosen among ---------------------------------------------------
    def priorities(self, project_id=None) -> list[dict]:
        """The site's priorities, or (``project_id``) those of the project's priority scheme."""
        return self._every("/rest/api/3/priority/search", {"projectId": project_id} if project_id else {})

    def components(self, project_id_or_key) -> list[dict]:
        return self.client.request("GET", f"/rest/api/3/project/{_segment(project_id_or_key)}/components").data

    def versions(self, project_id_or_key) -> list[dict]:
        return self.client.request("GET", f"/rest/api/3/project/{_segment(project_id_or_key)}/versions").data

    def create_component(self, project_key: str, name: str) -> dict:
        return self._write("POST", "/rest/api/3/component", json={"name": name, "project": project_key}).data

    def create_version(self, project_id, name: str) -> dict:
        return self._write("POST", "/rest/api/3/version", json={"name": name, "projectId": int(project_id)}).data

    def field_contexts(self, field_id: str) -> list[dict]:
        return self._every(f"/rest/api/3/field/{_segment(field_id)}/context")

    def context_options(self, field_id: str, context_id) -> list[dict]:
        """Parents and, for a cascading select, children (``optionId``: their parent's id)."""
        return self._every(f"/rest/api/3/field/{_segment(field_id)}/context/{_segment(context_id)}/option")

    def _every(self, path: str, params: dict | None = None) -> list[dict]:
        """Every value of a paged list (``startAt``, ``isLast``)."""
        values, start_at = [], 0
        while True:
            page = self.client.request("GET", path, params={**(params or {}), "startAt": start_at,
                                                            "maxResults": 100}).data
            values += page.get("values", [])
            if page.get("isLast", True) or not page.get("values"):
                return values
            start_at += len(page["values"])

    # -- issues ------------------------------------------------------------------------------
    def get_issue(self, issue_id_or_key, fields: list[str]) -> dict:
        return self.client.get_issue(issue_id_or_key, fields=fields)

    def create_issue(self, fields: dict, properties: list[dict]) -> dict:
        return self._write("POST", ISSUE, json={"fields": fields, "properties": properties}).data

    def edit_issue(self, issue_id, fields: dict) -> None:
        self._write("PUT", f"{ISSUE}/{_segment(issue_id)}", params={"notifyUsers": "false"}, json={"fields": fields})

    def find_issues(self, jql: str, fields: list[str]) -> list[dict]:
        """The first page of what the query finds."""
        return self._search_page(jql, fields).get("issues", [])

    def every_issue(self, jql: str, fields: list[str]) -> Iterator[dict]:
        """All the query finds, page after page as Jira hands them out."""
        page = self._search_page(jql, fields)
        yield from page.get("issues", [])
        while not page.get("isLast", True) and page.get("nextPageToken"):
            page = self._search_page(jql, fields, page["nextPageToken"])
            yield from page.get("issues", [])

    def _search_page(self, jql: str, fields: list[str], page_token: str | None = None) -> dict:
        params = {"jql": jql, "fields": ",".join(fields), "maxResults": SEARCH_PAGE,
                  **({"nextPageToken": page_token} if page_token else {})}
        return self.client.request("GET", "/rest/api/3/search/jql", params=params).data

    def issue_property_and_project(self, issue_id_or_key, property_key: str) -> dict:
        """The issue with only its project and one entity property: read by key, so never behind as search is."""
        params = {"fields": "project", "properties": property_key}
        return self.client.request("GET", f"{ISSUE}/{_segment(issue_id_or_key)}", params=params).data

    def remote_links(self, issue_id) -> list[dict]:
        return self.client.request("GET", f"{ISSUE}/{_segment(issue_id)}/remotelink").data

    def add_remote_link(self, issue_id, global_id: str, url: str, title: str) -> None:
        body = {"globalId": global_id, "application": {"type": "io.tandem", "name": "Tandem"},
                "object": {"url": url, "title": title}}
        self._write("POST", f"{ISSUE}/{_segment(issue_id)}/remotelink", json=body)

    def delete_remote_link(self, issue_id, global_id: str) -> None:
        self._write("DELETE", f"{ISSUE}/{_segment(issue_id)}/remotelink", params={"globalId": global_id})

    def failed_webhooks(self, after_ms: int) -> list[dict]:
        """Webhooks Jira gave up delivering to us since ``after_ms`` (where the site offers the list)."""
        params = {"after": after_ms, "maxResults": 100}
        return self.client.request("GET", "/rest/api/3/webhook/failed", params=params).data.get("values", [])

    # -- statuses and workflows -------------------------------------------------------------------
    def transitions(self, issue_id) -> list[dict]:
        """The transitions open to the issue from its current status, each with its screen's fields."""
        path = f"{ISSUE}/{_segment(issue_id)}/transitions"
        return self.client.request("GET", path, params={"expand": "transitions.fields"}).data["transitions"]

    def transition(self, issue_id, transition_id: str, fields: dict) -> None:
        body = {"transition": {"id": str(transition_id)}, **({"fields": fields} if fields else {})}
        self._write("POST", f"{ISSUE}/{_segment(issue_id)}/transitions", json=body)

    def project_statuses(self, project_id_or_key) -> list[dict]:
        """The project's statuses, per issue type."""
        return self.client.request("GET", f"/rest/api/3/project/{_segment(project_id_or_key)}/statuses").data

    def resolutions(self) -> list[str]:
        """The names of the site's resolutions (the first page: sites have a handful)."""
        page = self.client.request("GET", "/rest/api/3/resolution/search", params={"maxResults": 200}).data
        return [resolution["name"] for resolution in page.get("values", [])]

    def workflow_of(self, project_id, issue_type_id) -> dict:
        """The workflow of one issue type of a project, with its statuses (a read, though a POST; Jira lets only
        a user who may administer workflows make it)."""
        body = {"projectAndIssueTypes": [{"projectId": str(project_id), "issueTypeId": str(issue_type_id)}]}
        return self.client.request("POST", "/rest/api/3/workflows", json=body).data

    # -- comments ----------------------------------------------------------------------------
    def get_comment(self, issue_id, comment_id) -> dict:
        path = f"{ISSUE}/{_segment(issue_id)}/comment/{_segment(comment_id)}"
        return self.client.request("GET", path, params={"expand": "properties"}).data

    def comments(self, issue_id) -> list[dict]:
        path = f"{ISSUE}/{_segment(issue_id)}/comment"
        return self.client.request("GET", path, params={"expand": "properties", "maxResults": 5000}).data["comments"]

    def add_comment(self, issue_id, body_adf: dict, properties: list[dict]) -> dict:
        payload = {"body": body_adf, **({"properties": properties} if properties else {})}
        return self._write("POST", f"{ISSUE}/{_segment(issue_id)}/comment", json=payload).data

    def edit_comment(self, issue_id, comment_id, body_adf: dict) -> None:
        path = f"{ISSUE}/{_segment(issue_id)}/comment/{_segment(comment_id)}"
        self._write("PUT", path, params={"notifyUsers": "false"}, json={"body": body_adf})

    def set_comment_property(self, comment_id, key: str, value) -> None:
        """On a service desk, ``sd.public.comment`` decides whether the customer sees the comment."""
        path = f"/rest/api/3/comment/{_segment(comment_id)}/properties/{_segment(key)}"
        self._write("PUT", path, json=value)

    def delete_comment(self, issue_id, comment_id) -> None:
        self._write("DELETE", f"{ISSUE}/{_segment(issue_id)}/comment/{_segment(comment_id)}")

    # -- attachments -------------------------------------------------------------------------
    def download_attachment(self, attachment_id, into: BinaryIO) -> int:
        """The file's bytes, streamed into ``into``. ``redirect=false``: the bytes in the answer itself, instead of
        a 303 to a media URL (one call instead of two, as Atlassian suggests for clients like this one)."""
        return self.client.download(f"/rest/api/3/attachment/content/{_segment(attachment_id)}", into,
                                    params={"redirect": "false"})

    def upload_attachment(self, issue_id, upload: MultipartUpload) -> dict:
        """Adds the file to the issue; its new attachment. Jira needs ``X-Atlassian-Token: no-check`` here."""
        headers = {**(self._write_headers or {}), "X-Atlassian-Token": "no-check",
                   "Content-Type": upload.content_type}
        made = self.client.request("POST", f"{ISSUE}/{_segment(issue_id)}/attachments", data=upload,
                                   headers=headers).data
        return made[0]

    def delete_attachment(self, attachment_id) -> None:
        self._write("DELETE", f"/rest/api/3/attachment/{_segment(attachment_id)}")

    # -- people ------------------------------------------------------------------------------
    def user(self, account_id: str) -> dict | None:
        """The user as their profile's visibility allows (no ``emailAddress`` when hidden); None if unknown."""
        try:
            return self.client.request("GET", "/rest/api/3/user", params={"accountId": account_id}).data
        except JiraError as error:
            if error.verdict.status == 404:
                return None
            raise

    def search_users(self, query: str) -> list[dict]:
        """Active users whose name or visible e-mail address starts with ``query`` (the first page)."""
        return self.client.request("GET", "/rest/api/3/user/search",
                                   params={"query": query, "maxResults": SEARCH_PAGE}).data
