"""Scenario templates: both halves filled in for Basic, Power Customer and Mirroring.

Side A is the side that asked for the connection. In Power Customer, A is the
customer's Jira Software project and B the first-level JSM project.
"""
from __future__ import annotations

from dataclasses import dataclass

from addon.sync.halves import REQUEST_TYPE, load_half

SCENARIOS = ("basic", "power_customer", "mirroring")
SUMMARY_AND_DESCRIPTION = ["summary", "description"]
# The request type each JSM issue type gets by default, as in the Power Customer and Mirroring guides.
DEFAULT_REQUEST_TYPES = {"IT Help": "Get IT Help", "Purchase": "Purchase request", "Access": "Request a new account"}
CUSTOMER_TYPES_TO_IT_HELP = ("Task", "New Feature", "Improvement")
# Power Customer: where a request stands in support, as the customer's Jira Software project says it (offered in
# the customer's half, switched off: the customer's admin decides whether support moves their issues).
SUPPORT_TO_CUSTOMER_STATUSES = {
    "Waiting for support": "To Do", "Open": "To Do",
    "Waiting for customer": "In Progress", "In Progress": "In Progress", "Pending": "In Progress",
    "Escalated": "In Progress",
    "Resolved": "Done", "Done": "Done", "Closed": "Done", "Canceled": "Done",
}


@dataclass(frozen=True)
class SideProfile:
    """What a template needs to know of a side's project."""

    is_service_desk: bool
    issue_types: tuple[str, ...]
    statuses: tuple[str, ...] = ()


class UnknownScenario(ValueError):
    pass


def scenario_halves(scenario: str, a: SideProfile, b: SideProfile) -> tuple[dict, dict]:
    builders = {"basic": _basic, "power_customer": _power_customer, "mirroring": _mirroring}
    if scenario not in builders:
        raise UnknownScenario(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    half_a, half_b = builders[scenario](a, b)
    return load_half(half_a), load_half(half_b)


def _identity(names) -> dict:
    return {name: name for name in names}


def _status_map(pairs: dict, theirs: SideProfile, mine: SideProfile) -> dict:
    """The pairs whose statuses both projects have."""
    return {source: target for source, target in pairs.items()
            if source in theirs.statuses and target in mine.statuses}


def _request_type_defaults(side: SideProfile) -> dict:
    return {t: {REQUEST_TYPE: rt} for t, rt in DEFAULT_REQUEST_TYPES.items() if t in side.issue_types}


def _basic(a: SideProfile, b: SideProfile):
    return _basic_half(a), _basic_half(b)


def _basic_half(side: SideProfile) -> dict:
    fields = ["summary", "description", "labels"]
    # Internal JSM comments never leave in Basic; arriving comments land internal on JSM, standard elsewhere.
    leaving = ["public", "standard"] if side.is_service_desk else ["standard"]
    arriving = "internal" if side.is_service_desk else "standard"
    return {
        "outgoing": {"fields": fields, "comments": leaving, "attachments": True},
        "incoming": {
            "create_issues": True,
            "mirror_issue_types": True,
            "fallback_issue_type": "Task" if "Task" in side.issue_types else None,
            "fields": _identity(fields),
            "defaults": _request_type_defaults(side) if side.is_service_desk else {},
            "comments": {"enriched": True, "visibility": {"public": arriving, "standard": arriving}},
        },
    }


def _power_customer(customer: SideProfile, support: SideProfile):
    customer_half = {
        "outgoing": {"fields": SUMMARY_AND_DESCRIPTION, "comments": ["standard"]},
        "incoming": {
            "create_issues": False,
            "mirror_issue_types": False,
            "fields": _identity(SUMMARY_AND_DESCRIPTION),
            "comments": {"enriched": True, "visibility": {"public": "standard"}},
            "status": {"enabled": False,
                       "map": _status_map(SUPPORT_TO_CUSTOMER_STATUSES, theirs=support, mine=customer)},
        },
    }
    support_half = {
        # Support's status leaves, so that the customer's admin only has to switch the offered mapping on.
        "outgoing": {"fields": SUMMARY_AND_DESCRIPTION, "comments": ["public"], "status": True},
        "incoming": {
            "create_issues": True,
            "issue_types": {name: "IT Help" for name in CUSTOMER_TYPES_TO_IT_HELP},
            "mirror_issue_types": False,
            "fields": _identity(SUMMARY_AND_DESCRIPTION),
            "defaults": _request_type_defaults(support),
            "comments": {"enriched": True, "visibility": {"standard": "public"}},
        },
    }
    return customer_half, support_half


def _mirroring(a: SideProfile, b: SideProfile):
    return _mirror_half(a, b), _mirror_half(b, a)


def _mirror_half(side: SideProfile, other: SideProfile) -> dict:
    same_names = _status_map(_identity(other.statuses), theirs=other, mine=side)
    return {
        "outgoing": {"fields": SUMMARY_AND_DESCRIPTION, "comments": ["public", "internal"], "status": True},
        "incoming": {
            "create_issues": True,
            "mirror_issue_types": True,
            "fields": _identity(SUMMARY_AND_DESCRIPTION),
            "defaults": _request_type_defaults(side),
            "comments": {"enriched": True, "visibility": {"public": "public", "internal": "internal"}},
            "status": {"enabled": True, "map": same_names},
        },
    }
