"""Workflows: the statuses an issue of a project and issue type may be in, and the transitions between them.

Jira never sets a status directly: REST's edit refuses ``status``, and a status changes only by a transition
available from the issue's current status (``GET/POST /rest/api/3/issue/{id}/transitions``). A transition may
have a screen, whose required fields (the resolution, typically) must be given with it. A new project gets a
simplified workflow (every status reachable from every other, as Jira's default for new projects); a test may
give a project or one of its issue types a stricter one (``people.set_workflow``).
"""
from dataclasses import dataclass

from .model import SERVICE_DESK_STATUSES, DEFAULT_STATUSES, Status

RESOLUTION = "resolution"
# Jira's simplified workflows set the resolution themselves when an issue enters a done status.
AUTOMATIC_RESOLUTION = "Done"
# What Jira calls the event a transition fires (unless the workflow's post-function names another).
TRANSITION_EVENT = "issue_generic"


@dataclass(frozen=True)
class Transition:
    id: str
    name: str
    to: Status
    sources: tuple[str, ...] | None = None  # ids of the statuses it starts from; None: any status (global)
    screen: tuple[str, ...] = ()  # field ids its screen shows
    required: tuple[str, ...] = ()  # of those, the ones that must be given

    @property
    def is_global(self) -> bool:
        return self.sources is None

    def starts_from(self, status: Status) -> bool:
        if self.sources is None:
            return status.id != self.to.id  # a global transition is not offered from its own target
        return status.id in self.sources


@dataclass(frozen=True)
class Workflow:
    id: str
    name: str
    statuses: tuple[Status, ...]  # the first is where new issues start
    transitions: tuple[Transition, ...]

    @property
    def initial(self) -> Status:
        return self.statuses[0]

    def available_from(self, status: Status) -> list[Transition]:
        return [transition for transition in self.transitions if transition.starts_from(status)]

    def status_named(self, name: str) -> Status | None:
        return next((status for status in self.statuses if status.name == name), None)


def simplified_workflow(workflow_id: str, name: str, statuses, screens: dict | None = None) -> Workflow:
    """Every status reachable from every other by a global transition named as its target. ``screens``:
    status name -> field ids the transition into it requires."""
    screens = screens or {}
    transitions = tuple(
        Transition(str(11 + 10 * number), status.name, status, None, tuple(screens.get(status.name, ())),
                   tuple(screens.get(status.name, ())))
        for number, status in enumerate(statuses)
    )
    return Workflow(workflow_id, name, tuple(statuses), transitions)


def default_workflow(workflow_id: str, project) -> Workflow:
    """A new project's: Jira Software's simplified workflow, or JSM's IT support one, whose "Resolved" asks for
    a resolution on its screen."""
    if project.is_service_desk:
        return simplified_workflow(workflow_id, f"{project.key}: Jira Service Management IT Support Workflow",
                                   SERVICE_DESK_STATUSES, {"Resolved": (RESOLUTION,)})
    return simplified_workflow(workflow_id, f"Software Simplified Workflow for Project {project.key}",
                               DEFAULT_STATUSES)


def directed_workflow(workflow_id: str, name: str, statuses, transitions) -> Workflow:
    """``transitions``: (name, source status names or None for any, target status name, required field ids)."""
    by_name = {status.name: status for status in statuses}
    made = []
    for number, (transition_name, sources, target, required) in enumerate(transitions):
        source_ids = None if sources is None else tuple(by_name[source].id for source in sources)
        made.append(Transition(str(11 + 10 * number), transition_name, by_name[target], source_ids,
                               tuple(required), tuple(required)))
    return Workflow(workflow_id, name, tuple(statuses), tuple(made))
