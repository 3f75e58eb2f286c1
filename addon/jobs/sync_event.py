"""Carrying one inbox event across one connection: read the source, plan, write the twin, link.

This is the thin executor DESIGN.md asks for: the decisions are made in
``addon.sync``; here we only read, call connectors and record links.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from addon.connectors.jira import JiraError
from addon.db.connection import Connection, other_side
from addon.db.tenant import Tenant
from addon.jobs import links
from addon.sync.planner import AddComment, CreateIssue, DeleteComment, EditComment, UpdateIssue, plan_comment, \
    plan_comment_deletion, plan_issue
from addon.sync.replica import comment_replica, issue_replica

ORIGIN_PROPERTY = "tandem.origin"
ISSUE_EVENTS = ("jira:issue_created", "jira:issue_updated")
COMMENT_EVENTS = ("comment_created", "comment_updated")


@dataclass
class Route:
    """One direction of one connection, as seen from the event's side."""

    connection: Connection
    side: str
    source: Tenant
    target: Tenant
    outgoing: dict
    incoming: dict

    @property
    def other(self) -> str:
        return other_side(self.side)

    @property
    def target_project_id(self) -> str:
        return self.connection.side(self.other)[1]

    @property
    def source_project_id(self) -> str:
        return self.connection.side(self.side)[1]

    def origin(self, issue_id: str) -> str:
        return f"{self.connection.id}:{self.side}:{issue_id}"


class EventSync:
    def __init__(self, runtime, session: Session, route: Route, payload: dict, retried: bool):
        self.rt = runtime
        self.session = session
        self.route = route
        self.payload = payload
        self.retried = retried
        self.source_api = runtime.jira(route.source)
        self.target_api = runtime.jira(route.target)

    def run(self) -> None:
        kind = self.payload.get("webhookEvent")
        if kind in ISSUE_EVENTS:
            self.sync_issue()
        elif kind in COMMENT_EVENTS:
            self.sync_comment()
        elif kind == "comment_deleted":
            self.delete_comment()

    # -- issues ---------------------------------------------------------------------------
    def sync_issue(self) -> None:
        issue_id = str(self.payload["issue"]["id"])
        issue = self._read_source_issue(issue_id)
        replica = issue_replica(issue, self.route.outgoing) if issue else None
        if replica is None:
            return
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        if link is None and self.retried:
            link = self._recover_twin(replica)
        target = self.rt.metadata.target(self.route.target, self.route.target_project_id)
        written = links.written_on(link, self.route.other) if link else None
        for operation in plan_issue(replica, self.route.incoming, target, written):
            if isinstance(operation, CreateIssue):
                link = self._create_twin(replica, operation)
            elif isinstance(operation, UpdateIssue):
                self.target_api.edit_issue(link.issue_id(self.route.other), operation.fields)
                links.set_written(link, self.route.other, operation.written)

    def _read_source_issue(self, issue_id: str) -> dict | None:
        wanted = list(dict.fromkeys([*self.route.outgoing["fields"], "issuetype", "project"]))
        try:
            return self.source_api.get_issue(issue_id, wanted)
        except JiraError as error:
            if error.verdict.status == 404:
                return None  # deleted since the event: nothing left to carry
            raise

    def _create_twin(self, replica, operation: CreateIssue):
        origin = {"key": self.route.origin(replica.issue_id), "site": self.route.source.base_url,
                  "issueKey": replica.issue_key}
        created = self.target_api.create_issue(operation.fields, [{"key": ORIGIN_PROPERTY, "value": origin}])
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), (str(created["id"]), created["key"]),
                                    operation.written)
        # Committed before the remote links: a crash from here on can no longer create a second twin.
        self.session.commit()
        self._link_remotely(link)
        return link

    def _recover_twin(self, replica):
        """After a crash between create and commit, the twin exists: find it by its origin property."""
        jql = f'issue.property[{ORIGIN_PROPERTY}].key = "{self.route.origin(replica.issue_id)}"'
        found = self.target_api.find_issues(jql, ["summary"])
        if not found:
            return None
        twin = found[0]
        link = links.add_issue_link(self.session, self.route.connection.id, self.route.side,
                                    (replica.issue_id, replica.issue_key), (str(twin["id"]), twin["key"]), {})
        self.session.commit()
        return link

    def _link_remotely(self, link) -> None:
        route = self.route
        ends = ((self.source_api, route.side, route.target, route.other),
                (self.target_api, route.other, route.source, route.side))
        for api, here, twin_site, there in ends:
            key = link.issue_key(there)
            api.add_remote_link(link.issue_id(here), f"tandem:{route.connection.id}:{there}:{key}",
                                f"{twin_site.base_url}/browse/{key}", f"Tandem twin {key}")

    # -- comments -------------------------------------------------------------------------
    def _comment_context(self):
        issue_id = str(self.payload["issue"]["id"])
        link = links.find_issue_link(self.session, self.route.connection.id, self.route.side, issue_id)
        comment_id = str(self.payload["comment"]["id"])
        clink = links.find_comment_link(self.session, link.id, self.route.side, comment_id) if link else None
        return issue_id, link, comment_id, clink

    def sync_comment(self) -> None:
        issue_id, link, comment_id, clink = self._comment_context()
        if link is None:
            return
        comment = self._read_source_comment(issue_id, comment_id)
        source_meta = self.rt.metadata.target(self.route.source, self.route.source_project_id)
        replica = comment_replica(comment, source_meta.is_service_desk, self.route.outgoing) if comment else None
        if replica is None:
            return
        if clink is None and self.retried:
            clink = self._recover_comment(link, comment_id)
        target = self.rt.metadata.target(self.route.target, self.route.target_project_id)
        last = self._last_written(clink)
        for operation in plan_comment(replica, self.route.incoming, target, last):
            if isinstance(operation, AddComment):
                self._add_twin_comment(link, comment_id, operation)
            elif isinstance(operation, EditComment):
                self.target_api.edit_comment(link.issue_id(self.route.other), operation.comment_id, operation.body)
                links.set_comment_print(clink, self.route.other, operation.fingerprint)

    def _last_written(self, clink):
        if clink is None or clink.deleted:
            return None
        return clink.comment_id(self.route.other), links.comment_print_on(clink, self.route.other)

    def _read_source_comment(self, issue_id: str, comment_id: str) -> dict | None:
        try:
            return self.source_api.get_comment(issue_id, comment_id)
        except JiraError as error:
            if error.verdict.status == 404:
                return None
            raise

    def _comment_origin(self, comment_id: str) -> str:
        return f"{self.route.connection.id}:{self.route.side}:comment:{comment_id}"

    def _add_twin_comment(self, link, comment_id: str, operation: AddComment) -> None:
        properties = [{"key": ORIGIN_PROPERTY, "value": {"key": self._comment_origin(comment_id)}}]
        if operation.visibility != "standard":
            properties.append({"key": "sd.public.comment", "value": {"internal": operation.visibility == "internal"}})
        created = self.target_api.add_comment(link.issue_id(self.route.other), operation.body, properties)
        links.add_comment_link(self.session, link.id, self.route.side, comment_id, str(created["id"]),
                               operation.fingerprint)

    def _recover_comment(self, link, comment_id: str):
        origin = self._comment_origin(comment_id)
        for comment in self.target_api.comments(link.issue_id(self.route.other)):
            for prop in comment.get("properties") or []:
                if prop.get("key") == ORIGIN_PROPERTY and (prop.get("value") or {}).get("key") == origin:
                    return links.add_comment_link(self.session, link.id, self.route.side, comment_id,
                                                  str(comment["id"]), None)
        return None

    def delete_comment(self) -> None:
        _, link, _, clink = self._comment_context()
        for operation in plan_comment_deletion(self._last_written(clink)):
            if isinstance(operation, DeleteComment):
                self._delete_twin_comment(link, operation.comment_id)
                clink.deleted = True

    def _delete_twin_comment(self, link, comment_id: str) -> None:
        try:
            self.target_api.delete_comment(link.issue_id(self.route.other), comment_id)
        except JiraError as error:
            if error.verdict.status != 404:
                raise

