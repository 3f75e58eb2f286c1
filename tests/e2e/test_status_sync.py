"""Status through transitions (issue 17, item 1), end to end: Basic with status switched on both ways, Mirroring
as its template maps statuses by name, and a custom change of Power Customer (the customer's admin switches on
the offered mapping). Each asserts what both sites hold, that every status change crossed once (transitions
counted on each site after settling) and that none came back.

A path of several transitions needs the twin's workflow, which Jira lets a Forge app read (with
manage:jira-configuration) and closes to Connect apps: RGT's site installs the Forge app where a test walks one.
"""
from __future__ import annotations

import pytest

from tests.support import forge_scenarios, scenarios
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.settle import failed_events, forget_unfinished, write_counts

LINEAR = ["To Do", "In Progress", ("In Review", "indeterminate"), "Done"]
LINEAR_STEPS = (("Start", ["To Do"], "In Progress", ()), ("Review", ["In Progress"], "In Review", ()),
                ("Close", ["In Review"], "Done", ("resolution",)), ("Reopen", None, "To Do", ()))
SAME_NAMES = {name: name for name in ("To Do", "In Progress", "Done")}


def transitions_made(site) -> int:
    return sum(1 for request in site.writes() if request.path.endswith("/transitions"))


def status_of(site, key) -> str:
    return site.issue(key)["fields"]["status"]["name"]


def only(site, project_key, summary) -> dict:
    [found] = [issue for issue in site.issues(project_key) if issue["fields"]["summary"] == summary]
    return found


def with_status(admin: Admin, connection_id: int, status_map: dict, sends: bool = True) -> None:
    """The admin's draft, with status taken in by ``status_map`` and (``sends``) this side's status sent."""
    path = f"/api/connections/{connection_id}/half"
    draft = admin.call("GET", path, expect=200).json()["draft"]
    draft["outgoing"]["status"] = sends
    draft["incoming"]["status"] = {"enabled": True, "map": status_map}
    admin.call("PUT", path, json=draft, expect=200)


@pytest.fixture
def settle(database, forge):
    """Settles the sites, whichever door they installed Tandem through."""
    def settled(_, sites, quiet: float = 0.8) -> None:
        forge_scenarios.settle_forge(database, forge, sites, quiet)
    return settled


@pytest.fixture
def settled_without_echo(settle):
    def settled(database, sites) -> None:
        """Settled, and nothing more written once it has: no status bounced back."""
        settle(database, sites)
        before = write_counts(sites)
        settle(database, sites, quiet=1.5)
        assert write_counts(sites) == before
    return settled


@pytest.fixture(params=["connect"])
def basic(request, forge_stack, forge, make_site, database):
    """Basic across two sites, status sent and taken in both ways by name; RGT's Tasks follow a linear workflow
    whose last step asks for a resolution. ``request.param``: the door RGT's site installed Tandem through."""
    left, right = make_site("left"), make_site("right")
    scenarios.install(forge_stack.base_url, left)
    if request.param == "forge":
        forge_scenarios.install_forge(forge, forge_stack.base_url, right)
    else:
        scenarios.install(forge_stack.base_url, right)
    projects = left.add_project("LFT", "Left"), right.add_project("RGT", "Right")
    admins = [forge_scenarios.admin_of(forge_stack.base_url, site, project, forge)
              for site, project in zip((left, right), projects)]
    connection_id = connect_across_sites(*admins, "basic")
    right.set_workflow("RGT", "Right's linear workflow", LINEAR, LINEAR_STEPS, issue_types=["Task"])
    right_statuses = {**SAME_NAMES, "In Review": "In Progress"}
    with_status(admins[0], connection_id, right_statuses)
    with_status(admins[1], connection_id, SAME_NAMES)
    admins[0].publish_and_start(connection_id, admins[1])
    yield left, right, admins, connection_id
    forget_unfinished(database, [left, right])
    if request.param == "forge":
        forge.uninstall(right)


def created_with_twin(settle, database, basic, issue_type: str, summary: str) -> tuple[str, str]:
    """An issue made on LFT, and its twin's key once carried to RGT."""
    left, right = basic[0], basic[1]
    issue = left.create_issue("LFT", issue_type, summary)
    settle(database, [left, right])
    return issue["key"], only(right, "RGT", summary)["key"]


def history_of(admin: Admin, connection_id: int) -> list[dict]:
    return admin.call("GET", f"/api/connections/{connection_id}/history", expect=200).json()["history"]


def test_basic_status_crosses_both_ways_once(basic, database, settle, settled_without_echo):
    left, right, _, _ = basic
    key, twin = created_with_twin(settle, database, basic, "Bug", "Status both ways")
    before = len(right.requests)

    left.transition_issue(key, "In Progress")
    settled_without_echo(database, [left, right])
    assert status_of(right, twin) == "In Progress"
    # its open transitions, then the one to 'In Progress': nothing read again once there
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in right.requests[before:]] == [
        ("GET", "transitions"), ("POST", "transitions")]
    right.transition_issue(twin, "To Do")
    settled_without_echo(database, [left, right])

    assert status_of(left, key) == "To Do" and status_of(right, twin) == "To Do"
    assert (transitions_made(left), transitions_made(right)) == (1, 1)
    assert failed_events(database, [left, right]) == []


@pytest.mark.parametrize("basic", ["forge"], indirect=True)
def test_a_status_two_transitions_away_is_reached_with_the_required_resolution(basic, database, settle,
                                                                              settled_without_echo):
    left, right, admins, connection_id = basic
    key, twin = created_with_twin(settle, database, basic, "Task", "Walk the workflow")
    left.transition_issue(key, "In Progress")
    settle(database, [left, right])

    left.transition_issue(key, "Done")
    settled_without_echo(database, [left, right])

    shown = right.issue(twin)["fields"]
    assert shown["status"]["name"] == "Done" and shown["resolution"]["name"] == "Done"
    assert status_of(left, key) == "Done"  # the walk through 'In Review' did not come back as 'In Progress'
    assert (transitions_made(left), transitions_made(right)) == (0, 3)
    details = [entry["detail"] or "" for entry in history_of(admins[0], connection_id)]
    assert any("'In Review' -> 'Done'" in detail for detail in details), details


@pytest.mark.parametrize("basic", ["forge"], indirect=True)
def test_no_path_is_an_actionable_error_while_summary_and_comments_still_sync(basic, database, settle,
                                                                             settled_without_echo):
    left, right, admins, connection_id = basic
    right.set_workflow("RGT", "One-way workflow", ["To Do", "In Progress", "Done"],
                       (("Start", ["To Do"], "In Progress", ()),), issue_types=["Task"])
    key, twin = created_with_twin(settle, database, basic, "Task", "Stuck")

    left.transition_issue(key, "Done")
    left.update_issue(key, summary="Stuck, but renamed")
    left.add_comment(key, "Still a comment")
    settled_without_echo(database, [left, right])

    assert status_of(right, twin) == "To Do"
    assert right.issue(twin)["fields"]["summary"] == "Stuck, but renamed"
    assert len(right.comments(twin)) == 1
    assert failed_events(database, [left, right]) == []
    [failure] = [entry for entry in history_of(admins[0], connection_id) if entry["outcome"] == "failed"]
    for named in ("'To Do'", "'Done'", "'One-way workflow'", "RGT Task issues", "'Start' to 'In Progress'"):
        assert named in failure["detail"], failure["detail"]
    assert transitions_made(right) == 0


def test_a_workflow_tandem_may_not_read_is_named_in_the_error(basic, database, settle, settled_without_echo):
    """Through Connect: Jira closes the workflow API to Connect apps, so only a status one transition away is
    reached there."""
    left, right, admins, connection_id = basic
    key, _ = created_with_twin(settle, database, basic, "Task", "Unreadable")

    left.transition_issue(key, "Done")
    settled_without_echo(database, [left, right])

    [failure] = [entry for entry in history_of(admins[0], connection_id) if entry["outcome"] == "failed"]
    assert "did not let Tandem read the workflow of RGT Task issues" in failure["detail"], failure["detail"]
    assert failed_events(database, [left, right]) == []


def test_a_status_change_towards_a_deleted_twin_unlinks_the_pair(basic, database, settle, settled_without_echo):
    left, right, admins, connection_id = basic
    key, twin = created_with_twin(settle, database, basic, "Task", "Soon gone")
    right.faults.drop_webhooks(1)  # Tandem learns of the deletion only when it next writes to the twin
    right.delete_issue(twin)

    left.transition_issue(key, "Done")
    settled_without_echo(database, [left, right])

    assert failed_events(database, [left, right]) == []
    assert any(entry["action"] == "unlinked" for entry in history_of(admins[0], connection_id))


def test_an_unknown_status_or_resolution_is_refused_with_its_name(basic):
    _, _, admins, connection_id = basic
    path = f"/api/connections/{connection_id}/half"
    draft = admins[0].call("GET", path, expect=200).json()["draft"]
    draft["incoming"]["status"]["map"] = {"Doen": "Done"}
    unknown_status = admins[0].call("PUT", path, json=draft)
    draft["incoming"]["status"].update(map={}, transition_fields={"resolution": "Fixd"})
    unknown_resolution = admins[0].call("PUT", path, json=draft)

    assert unknown_status.status_code == unknown_resolution.status_code == 422
    assert "status 'Doen' does not exist in project RGT" in unknown_status.text
    assert "resolution 'Fixd' does not exist" in unknown_resolution.text


@pytest.fixture
def mirroring(forge_stack, make_site, database):
    east, west = make_site("east"), make_site("west")
    scenarios.install(forge_stack.base_url, east, west)
    scenarios.connect_and_start(forge_stack.base_url, east, east.add_project("EDS", "East desk", type="service_desk"),
                                west, west.add_project("WDS", "West desk", type="service_desk"), "mirroring")
    yield east, west
    forget_unfinished(database, [east, west])


def test_mirroring_maps_statuses_by_name_both_ways(mirroring, database, settle, settled_without_echo):
    east, west = mirroring
    issue = east.create_issue("EDS", "IT Help", "Mirrored status")
    settle(database, mirroring)
    twin = only(west, "WDS", "Mirrored status")["key"]

    east.transition_issue(issue["key"], "Resolved", resolution="Won't Do")  # its screen asks for a resolution
    settled_without_echo(database, mirroring)
    resolved = west.issue(twin)["fields"]
    west.transition_issue(twin, "Waiting for customer")
    settled_without_echo(database, mirroring)

    assert resolved["status"]["name"] == "Resolved" and resolved["resolution"]["name"] == "Done"
    assert status_of(east, issue["key"]) == "Waiting for customer"
    assert (transitions_made(east), transitions_made(west)) == (1, 1)
    assert failed_events(database, mirroring) == []


@pytest.fixture
def power_customer(forge_stack, make_site, database):
    yield from scenarios.power_customer_cleaned_up(forge_stack.base_url, make_site, database)


def test_power_customer_offers_support_status_to_the_customer_switched_off_until_its_admin_turns_it_on(
        power_customer, database, settle, settled_without_echo):
    pc = power_customer
    issue = pc.customer.create_issue("CUS", "Task", "Printer on fire")
    settle(database, pc.sites)
    twin = only(pc.support, "SUP", "Printer on fire")["key"]
    pc.support.transition_issue(twin, "In Progress")
    settled_without_echo(database, pc.sites)
    assert status_of(pc.customer, issue["key"]) == "To Do"  # offered, not on

    draft = pc.requester.call("GET", pc.path + "/half", expect=200).json()["draft"]
    assert draft["incoming"]["status"] == {"enabled": False, "transition_fields": {}, "map": {
        "Waiting for support": "To Do", "Waiting for customer": "In Progress", "In Progress": "In Progress",
        "Resolved": "Done"}}
    draft["incoming"]["status"]["enabled"] = True
    pc.requester.call("PUT", pc.path + "/half", json=draft, expect=200)
    pc.requester.call("POST", pc.path + "/half/publish", expect=200)
    pc.support.transition_issue(twin, "Resolved")
    settled_without_echo(database, pc.sites)
    assert status_of(pc.customer, issue["key"]) == "Done"
    pc.customer.transition_issue(issue["key"], "To Do")  # the customer's status does not leave: support's stays
    settled_without_echo(database, pc.sites)

    assert status_of(pc.support, twin) == "Resolved"
    assert (transitions_made(pc.customer), transitions_made(pc.support)) == (1, 0)
    assert failed_events(database, pc.sites) == []
