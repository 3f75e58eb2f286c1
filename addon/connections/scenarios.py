"""The scenarios a new connection can start from, and the drafts they give both sides."""
from __future__ import annotations

from dataclasses import dataclass

from addon.connections.errors import BadInput
from addon.connections.sites import ProjectFacts
from addon.sync.templates import UnknownScenario, scenario_halves


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    description: str


CATALOG = (
    Scenario("basic", "Basic",
             "Summary, description, labels, comments and attachments both ways; issue types mirrored by name, "
             "unknown ones become Task."),
    Scenario("power_customer", "Power Customer",
             "A Jira Software customer project raises requests in a JSM project; public replies come back, "
             "internal comments stay in support."),
    Scenario("mirroring", "Mirroring",
             "Two service desks mirror each other: issues start on either side, public and internal comments "
             "keep their visibility."),
)


def template_drafts(scenario: str, a: ProjectFacts, b: ProjectFacts) -> tuple[dict, dict]:
    """Both drafts of ``scenario``, fitted to the two projects."""
    try:
        half_a, half_b = scenario_halves(scenario, a.profile, b.profile)
    except UnknownScenario as error:
        raise BadInput(str(error)) from error
    return _fitted(half_a, own=a, other=b), _fitted(half_b, own=b, other=a)


def _fitted(half: dict, own: ProjectFacts, other: ProjectFacts) -> dict:
    """Templates name issue types by habit (a customer's "New Feature"); keep only the pairs both projects
    have, so a template draft passes the same validation an admin's edit does."""
    mapping = half["incoming"]["issue_types"]
    half["incoming"]["issue_types"] = {
        source: target for source, target in mapping.items()
        if source in other.issue_types and target in own.issue_types
    }
    return half
