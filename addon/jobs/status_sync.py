"""Carrying a status across: the twin walks its workflow's transitions to the status the receiving half maps to.

The usual change costs two calls: the twin's open transitions, and the one leading to the mapped status (a new
twin's status is read first: it may be there already). When none leads there directly, the twin's status and
issue type are read, then its workflow (cached), and the shortest path is walked one transition at a time, each
screen given the values it requires. A status that
cannot be reached is told in the connection's history as a failure naming both statuses and the workflow, and
the event goes on: whatever else it carried (fields, comments) still applies, and later changes are not held.
"""
from __future__ import annotations

from addon.connectors.jira import JiraError
from addon.db import history
from addon.jobs import links, unlinking
from addon.sync.statuses import MAX_STEPS, STATUS, incoming_status, screen_values, shortest_path, status_echo, \
    status_to_reach

# Jira's answers to a workflow read it does not allow (no permission, or the operation closed to the app).
WORKFLOW_REFUSED = (401, 403, 404)


class NoStatusPath(Exception):
    """The mapped status cannot be reached from where the twin is; the message says why and what to change."""


def carry_status(sync, replica, link, made_as: str | None = None) -> None:
    """``sync``: the EventSync carrying the issue; ``link``: the pair, its twin made already; ``made_as``: the issue
    type id of a twin created by this event, which starts in its workflow's initial status."""
    route = sync.route
    settings = incoming_status(route.incoming)
    written = links.written_on(link, route.other)
    target = status_to_reach(replica.status, settings, written)
    if target is None:
        return
    twin_key = link.issue_key(route.other)
    try:
        walked = StatusWalk(sync, link.issue_id(route.other), twin_key, settings).to(target, STATUS in written,
                                                                                       made_as)
    except NoStatusPath as problem:
        sync.journal.failed_part(f"status of {twin_key} not changed: {problem}")
        return
    except JiraError as error:
        if unlinking.is_gone(error):  # the twin was deleted: the pair is unlinked, as for any other write
            unlinking.unlink(sync, link, deleted_side=route.other)
            return
        if error.verdict.status != 400:
            raise
        sync.journal.failed_part(f"status of {twin_key} not changed to '{target}': Jira refused the transition: "
                                 f"{error.verdict.message}")
        return
    links.lock_latest(sync.session, link)
    links.set_written(link, route.other, {STATUS: target})
    echo = status_echo(target, route.back_outgoing, incoming_status(route.back_incoming))
    if echo is not None:
        links.set_written(link, route.side, {STATUS: echo})
    if walked:
        sync.journal.applied(history.UPDATED_FIELDS, twin_key, "status " + " -> ".join(f"'{s}'" for s in walked))


class StatusWalk:
    def __init__(self, sync, twin_id: str, twin_key: str, settings: dict):
        self.sync = sync
        self.api = sync.target_api
        self.twin_id, self.twin_key = twin_id, twin_key
        self.settings = settings

    def to(self, target: str, known_before: bool, made_as: str | None) -> list[str]:
        """The statuses passed through, ``target`` last; [] when the twin is there already. ``known_before``: the
        link remembers a status written on the twin, so the transitions are read at once; otherwise the twin may be
        there already: a new one (``made_as``: its issue type id) is in the status new issues of its type start in,
        read from the first and remembered; one linked before statuses were synced is read."""
        walked = []
        current = None if known_before else self._start(made_as)
        for _ in range(MAX_STEPS):
            if current is not None and current[0] == target:
                return walked
            self._attempt(f"read the transitions of {self.twin_key}")
            offered = self.api.transitions(self.twin_id)
            step = next((t for t in offered if t["to"]["name"] == target), None)
            if step is None:
                current = current or self._read_twin()
                if current[0] == target:
                    return walked
                step = self._towards(target, current, offered)
            self._attempt(f"move {self.twin_key} to '{step['to']['name']}' by the transition '{step['name']}'")
            self.api.transition(self.twin_id, step["id"], screen_values(step, self.settings))
            walked.append(step["to"]["name"])
            if walked[-1] == target:
                return walked
            current = (walked[-1], current[1])
        raise NoStatusPath(f"'{target}' is more than {MAX_STEPS} transitions away")

    def _start(self, made_as: str | None) -> tuple[str, dict]:
        """Where the twin is: read, or for a new twin, where new issues of its type start."""
        if made_as is None:
            return self._read_twin()
        route = self.sync.route
        status = self.sync.rt.metadata.initial_status(route.target, route.target_project_id, made_as,
                                                      lambda: self._read_twin()[0])
        return status, {"id": made_as, "name": self._type_name(made_as)}

    def _type_name(self, issue_type_id: str) -> str:
        route = self.sync.route
        names = self.sync.rt.metadata.target(route.target, route.target_project_id).issue_types
        return next((name for name, type_id in names.items() if type_id == issue_type_id), issue_type_id)

    def _read_twin(self) -> tuple[str, dict]:
        """The twin's status (by name) and issue type."""
        self._attempt(f"read the status of {self.twin_key}")
        fields = self.api.get_issue(self.twin_id, ["status", "issuetype"])["fields"]
        return fields["status"]["name"], fields["issuetype"]

    def _towards(self, target: str, current: tuple[str, dict], offered: list[dict]) -> dict:
        """The first transition of the shortest path to ``target``."""
        status, issue_type = current
        where = f"{self.sync.route.target_project_key} {issue_type['name']} issues"
        workflow = self._workflow(issue_type["id"], status, target, where, offered)
        path = shortest_path(workflow, status, target)
        step = next((t for t in offered if path and t["id"] == path[0].transition_id), None)
        if step is None:
            raise NoStatusPath(f"no transitions lead from '{status}' to '{target}' in the workflow "
                               f"'{workflow.name}' of {where} ({_open_from(status, offered)}). Add a transition to "
                               f"'{target}' to that workflow, or map this status to one the workflow can reach.")
        return step

    def _workflow(self, issue_type_id: str, current: str, target: str, where: str, offered: list[dict]):
        route = self.sync.route
        self._attempt(f"read the workflow of {where}")
        try:
            return self.sync.rt.metadata.workflow(route.target, route.target_project_id, issue_type_id)
        except JiraError as error:
            if error.verdict.status not in WORKFLOW_REFUSED:
                raise
            raise NoStatusPath(
                f"no transition leads from '{current}' to '{target}' directly, and Jira did not let Tandem read the "
                f"workflow of {where} to find a longer path ({error.verdict.message}; "
                f"{_open_from(current, offered)}). Map this status to one of those, or let Tandem's app user read "
                "workflows (Administer Jira).") from error

    def _attempt(self, what: str) -> None:
        self.sync.journal.attempt(what, self.sync.route.target)


def _open_from(current: str, offered: list[dict]) -> str:
    if not offered:
        return f"no transition is open from '{current}'"
    return f"from '{current}' it offers " + ", ".join(f"'{t['name']}' to '{t['to']['name']}'" for t in offered)
