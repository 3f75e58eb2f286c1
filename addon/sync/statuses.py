"""Status: the other side's status -> this side's, by name, reached through the workflow's transitions.

Jira never sets a status directly: an issue moves only along the transitions its workflow offers from where it
is. So the receiving half maps status names (their status -> my status; a status it does not map leaves the
twin as it is), and the executor walks the shortest path of transitions to the mapped status, giving each
transition's screen the values it requires (``transition_fields``, else a default). This module is the pure
part: the settings, the mapping, and the shortest path through a workflow.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from marshmallow import Schema
from marshmallow import fields as mf

# The key under which a link remembers the status last written on (or last seen from) each side.
STATUS = "status"
# The field a transition's screen asks for most (Jira's "Resolve" and "Close" screens).
RESOLUTION = "resolution"
# What a required field of a transition's screen gets when the half names no value for it: the allowed value of
# this name if there is one (Jira's resolution "Done"), else the first allowed value.
DEFAULT_SCREEN_VALUE = "Done"
# A path longer than this is a misconfigured workflow rather than a way to a status.
MAX_STEPS = 10


class IncomingStatusSchema(Schema):
    enabled = mf.Boolean(load_default=False)
    # their status name -> my status name; a status not in the map leaves the twin's status as it is
    map = mf.Dict(keys=mf.String(), values=mf.String(), load_default=dict)
    # field id -> value (by name) for the screens of the transitions walked, e.g. {"resolution": "Fixed"}
    transition_fields = mf.Dict(keys=mf.String(), values=mf.String(), load_default=dict)


NOT_SYNCED = IncomingStatusSchema().load({})


def incoming_status(incoming: dict) -> dict:
    """The half's status settings; a half published before they existed takes no status in."""
    return incoming.get(STATUS) or NOT_SYNCED


def status_leaves(outgoing: dict) -> bool:
    return bool(outgoing.get(STATUS))


def status_to_reach(their_status: str | None, settings: dict, written: dict | None) -> str | None:
    """The status the twin must be moved to, or None: status not taken in, not mapped, or written already."""
    if not settings["enabled"] or their_status is None:
        return None
    mine = settings["map"].get(their_status)
    if mine is None or (written is not None and written.get(STATUS) == mine):
        return None
    return mine


def status_echo(my_status: str, back_outgoing: dict, back_settings: dict) -> str | None:
    """What the opposite direction would make of the status just reached, when status travels back at all:
    remembered as written on the source, so the twin's new status does not move the source again."""
    if not status_leaves(back_outgoing) or not back_settings["enabled"]:
        return None
    return back_settings["map"].get(my_status)


@dataclass(frozen=True)
class Step:
    transition_id: str
    name: str
    to: str  # the status it leads to, by name


@dataclass(frozen=True)
class Workflow:
    name: str
    directed: dict = field(default_factory=dict)  # status name -> [Step] starting there
    global_steps: tuple[Step, ...] = ()  # transitions from any status

    def steps_from(self, status: str) -> list[Step]:
        return [*self.directed.get(status, ()), *(step for step in self.global_steps if step.to != status)]


def workflow_from_jira(answer: dict) -> Workflow:
    """The first workflow of ``POST /rest/api/3/workflows``' answer, as steps between status names."""
    names = {status["statusReference"]: status["name"] for status in answer.get("statuses", [])}
    [workflow, *_] = answer.get("workflows") or [{}]
    directed: dict[str, list[Step]] = {}
    global_steps = []
    for transition in workflow.get("transitions", []):
        step = Step(str(transition["id"]), transition.get("name", ""), names.get(transition.get("toStatusReference")))
        if transition.get("type") == "GLOBAL":
            global_steps.append(step)
        for link in transition.get("links") or []:
            directed.setdefault(names.get(link.get("fromStatusReference")), []).append(step)
    return Workflow(workflow.get("name", "?"), directed, tuple(global_steps))


def shortest_path(workflow: Workflow, start: str, target: str) -> list[Step] | None:
    """The fewest transitions from ``start`` to ``target`` (breadth first); [] when there already, None when no
    path leads there."""
    came_by: dict[str, tuple[str, Step] | None] = {start: None}
    waiting = deque([start])
    while waiting:
        status = waiting.popleft()
        if status == target:
            return _path_to(target, came_by)
        for step in workflow.steps_from(status):
            if step.to not in came_by:
                came_by[step.to] = (status, step)
                waiting.append(step.to)
    return None


def _path_to(target: str, came_by: dict) -> list[Step]:
    path = []
    while came_by[target] is not None:
        target, step = came_by[target]
        path.append(step)
    return path[::-1]


def screen_values(transition: dict, settings: dict) -> dict:
    """Values for the required fields of a transition's screen (``GET transitions`` with ``transitions.fields``),
    in Jira's write format: the half's value, else the default."""
    values = {}
    for field_id, meta in (transition.get("fields") or {}).items():
        if not meta.get("required"):
            continue
        allowed = meta.get("allowedValues") or []
        wanted = settings["transition_fields"].get(field_id)
        values[field_id] = _write_form(wanted if wanted is not None else _default_of(allowed), allowed)
    return values


def _default_of(allowed: list) -> str | None:
    names = [value.get("name") or value.get("value") for value in allowed]
    return DEFAULT_SCREEN_VALUE if DEFAULT_SCREEN_VALUE in names else next(iter(names), None)


def _write_form(value: str | None, allowed: list):
    if value is None or not allowed:
        return value
    return {"value": value} if "value" in allowed[0] and "name" not in allowed[0] else {"name": value}

