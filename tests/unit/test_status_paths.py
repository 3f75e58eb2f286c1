"""Status mapping and the shortest path of transitions through a workflow (addon.sync.statuses)."""
from addon.sync.halves import load_half
from addon.sync.statuses import Step, Workflow, screen_values, shortest_path, status_echo, status_to_reach, \
    workflow_from_jira

LINEAR = Workflow("Linear", {"To Do": [Step("11", "Start", "In Progress")],
                             "In Progress": [Step("21", "Review", "In Review"), Step("41", "Stop", "To Do")],
                             "In Review": [Step("31", "Close", "Done")]},
                  (Step("51", "Reopen", "To Do"),))


def settings(**values):
    return load_half({"incoming": {"status": {"enabled": True, **values}}})["incoming"]["status"]


def test_the_shortest_path_walks_several_transitions_and_uses_global_ones():
    assert [step.transition_id for step in shortest_path(LINEAR, "To Do", "Done")] == ["11", "21", "31"]
    assert [step.transition_id for step in shortest_path(LINEAR, "Done", "To Do")] == ["51"]
    assert shortest_path(LINEAR, "In Review", "In Review") == []


def test_no_path_when_the_workflow_has_no_way_there():
    one_way = Workflow("One way", {"To Do": [Step("11", "Start", "In Progress")]})
    assert shortest_path(one_way, "In Progress", "To Do") is None
    assert shortest_path(one_way, "To Do", "Nowhere") is None


def test_a_status_is_reached_only_when_mapped_enabled_and_not_written_already():
    mapped = settings(map={"Waiting for support": "To Do"})
    assert status_to_reach("Waiting for support", mapped, None) == "To Do"
    assert status_to_reach("Waiting for support", mapped, {"status": "To Do"}) is None
    assert status_to_reach("Resolved", mapped, None) is None  # unmapped: left as it is
    assert status_to_reach("Waiting for support", {**mapped, "enabled": False}, None) is None
    assert status_to_reach(None, mapped, None) is None  # the sender does not send its status


def test_the_echo_is_what_the_way_back_would_make_of_the_new_status():
    back = settings(map={"Done": "Resolved"})
    assert status_echo("Done", {"status": True}, back) == "Resolved"
    assert status_echo("Done", {"status": False}, back) is None
    assert status_echo("To Do", {"status": True}, back) is None


def test_required_screen_fields_get_the_halfs_value_else_done_else_the_first_allowed():
    allowed = [{"id": "1", "name": "Won't Do"}, {"id": "2", "name": "Done"}]
    transition = {"fields": {"resolution": {"required": True, "allowedValues": allowed},
                             "comment": {"required": False}}}
    assert screen_values(transition, settings()) == {"resolution": {"name": "Done"}}
    assert screen_values(transition, settings(transition_fields={"resolution": "Won't Do"})) == \
        {"resolution": {"name": "Won't Do"}}
    only = {"fields": {"resolution": {"required": True, "allowedValues": [{"id": "1", "name": "Fixed"}]}}}
    assert screen_values(only, settings()) == {"resolution": {"name": "Fixed"}}


def test_a_workflow_is_read_from_jiras_answer_by_status_references():
    answer = {"statuses": [{"statusReference": "r1", "name": "To Do"}, {"statusReference": "r2", "name": "Done"}],
              "workflows": [{"name": "W", "transitions": [
                  {"id": "1", "name": "Create", "type": "INITIAL", "toStatusReference": "r1", "links": []},
                  {"id": "11", "name": "Finish", "type": "DIRECTED", "toStatusReference": "r2",
                   "links": [{"fromStatusReference": "r1"}]},
                  {"id": "21", "name": "Again", "type": "GLOBAL", "toStatusReference": "r1", "links": []}]}]}
    workflow = workflow_from_jira(answer)
    assert workflow.name == "W"
    assert [step.transition_id for step in shortest_path(workflow, "To Do", "Done")] == ["11"]
    assert [step.transition_id for step in shortest_path(workflow, "Done", "To Do")] == ["21"]


def test_a_half_without_status_settings_takes_no_status_in():
    half = load_half({})
    assert half["outgoing"]["status"] is False
    assert half["incoming"]["status"] == {"enabled": False, "map": {}, "transition_fields": {}}


def test_mirroring_maps_the_statuses_both_have_and_power_customer_offers_support_status_switched_off():
    from addon.sync.templates import SideProfile, scenario_halves
    desk = SideProfile(True, ("IT Help",), ("Waiting for support", "In Progress", "Resolved"))
    other_desk = SideProfile(True, ("IT Help",), ("Waiting for support", "In Progress", "Closed"))
    customer = SideProfile(False, ("Task",), ("To Do", "In Progress", "Done"))

    mirror_a, mirror_b = scenario_halves("mirroring", desk, other_desk)
    customer_half, support_half = scenario_halves("power_customer", customer, desk)

    assert mirror_a["incoming"]["status"]["map"] == {"Waiting for support": "Waiting for support",
                                                     "In Progress": "In Progress"}
    assert mirror_a["incoming"]["status"]["enabled"] and mirror_b["outgoing"]["status"]
    assert customer_half["incoming"]["status"] == {
        "enabled": False, "transition_fields": {},
        "map": {"Waiting for support": "To Do", "In Progress": "In Progress", "Resolved": "Done"}}
    assert support_half["outgoing"]["status"] and not customer_half["outgoing"]["status"]
    assert not support_half["incoming"]["status"]["enabled"]
