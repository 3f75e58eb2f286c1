"""What a test reads of the site's state and of the calls it received (a part of ``SimSite``).

Plain dicts shaped like REST v3 answers, with everything expanded: issues with all their fields
and properties, comments with their properties (and ``jsdPublic``).
"""
from .links import Links
from .views import comment_json, issue_json, remote_link_json


class StateInspection:
    """Uses the site's ``state``, ``requests`` and ``base_url``."""

    def issues(self, project_key: str) -> list[dict]:
        """The project's issues, oldest first."""
        with self.state.lock:
            project = self.state.require_project(project_key)
            return [self._full_issue(issue) for issue in self.state.issues_of(project)]

    def issue(self, key_or_id: str) -> dict | None:
        with self.state.lock:
            issue = self.state.find_issue(key_or_id)
            return self._full_issue(issue) if issue else None

    def comments(self, key_or_id: str) -> list[dict]:
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            links = Links(self.base_url)
            return [comment_json(issue, comment, links, with_properties=True) for comment in issue.comments]

    def remote_links(self, key_or_id: str) -> list[dict]:
        with self.state.lock:
            issue = self.state.require_issue(key_or_id)
            return [remote_link_json(issue, link, Links(self.base_url)) for link in issue.remote_links]

    def writes(self) -> list:
        """The REST calls received that were not reads (whatever their answer)."""
        return [request for request in list(self.requests) if request.method != "GET"]

    # --- JSM ----------------------------------------------------------------------------------

    def request_type_field_id(self) -> str | None:
        """The id of the request type field, once the site has a service desk project."""
        with self.state.lock:
            field = self.state.request_type_field
            return field.id if field else None

    def service_desk_id(self, project_key: str) -> str:
        with self.state.lock:
            return self.state.require_project(project_key).service_desk.id

    def request_type_id(self, project_key: str, name: str) -> str:
        with self.state.lock:
            desk = self.state.require_project(project_key).service_desk
            return next(request_type.id for request_type in desk.request_types if request_type.name == name)

    def request_type_of(self, key_or_id: str) -> str | None:
        """The id of the issue's request type; None if it is not a customer request."""
        with self.state.lock:
            request_type = self.state.require_issue(key_or_id).fields.get(self.state.request_type_field_id)
            return request_type.id if request_type else None

    def _full_issue(self, issue) -> dict:
        fields = list(self.state.fields_of(issue.project).values())
        return issue_json(issue, fields, Links(self.base_url), property_keys=("*all",))
