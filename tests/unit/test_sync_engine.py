"""The pure engine: replicas from issues, plans from replicas, scenario templates, ADF written."""
from __future__ import annotations

from datetime import datetime, timezone

import jsonschema
import pytest
from marshmallow import ValidationError

from addon.sync import adf
from addon.sync.halves import load_half
from addon.sync.people import Match, arriving_document, mention
from addon.sync.planner import AddComment, CommentCopy, DeleteComment, EditComment, PlanError, \
    SetCommentVisibility, Target, UpdateIssue, plan_comment, plan_comment_deletion, plan_issue, without_parent
from addon.sync.replica import CommentReplica, comment_replica, comment_visibility, issue_replica
from addon.sync.templates import SideProfile, UnknownScenario, scenario_halves
from tests.jirasim import load_json_contract

SOFTWARE = SideProfile(False, ("Task", "Bug", "Story", "New Feature", "Improvement"))
SERVICE_DESK = SideProfile(True, ("IT Help", "Purchase", "Access", "Task"))
JSM_TARGET = Target("20000", True, {"IT Help": "1", "Purchase": "2", "Access": "3"},
                    {"Get IT Help": "11", "Purchase request": "12", "Request a new account": "13"}, "customfield_10010")
SOFTWARE_TARGET = Target("10000", False, {"Task": "10", "Bug": "11"})


@pytest.fixture(scope="module")
def adf_validator():
    return jsonschema.Draft4Validator(load_json_contract("adf-schema-full.json"))


def issue(type_name="Task", **fields):
    base = {"summary": "Printer on fire", "description": adf.plain_to_adf("Smoke everywhere"),
            "issuetype": {"name": type_name}, "project": {"id": "10000"}}
    return {"id": "10001", "key": "CUS-1", "fields": {**base, **fields}}


def power_customer():
    return scenario_halves("power_customer", SOFTWARE, SERVICE_DESK)


def test_power_customer_maps_customer_types_to_it_help_with_its_request_type():
    customer, support = power_customer()
    for type_name in ("Task", "New Feature", "Improvement"):
        replica = issue_replica(issue(type_name), customer["outgoing"])
        [create] = plan_issue(replica, support["incoming"], JSM_TARGET, None)
        assert create.fields["issuetype"] == {"id": "1"}
        assert create.fields["customfield_10010"] == "11"
        assert create.fields["summary"] == "Printer on fire"
        assert create.fields["description"] == adf.plain_to_adf("Smoke everywhere")


def test_power_customer_never_creates_issues_in_the_customer_project():
    customer, support = power_customer()
    replica = issue_replica(issue("IT Help"), support["outgoing"])
    assert plan_issue(replica, customer["incoming"], SOFTWARE_TARGET, None) == []


def test_an_unmapped_type_is_not_synced_and_a_mapping_to_a_missing_type_is_an_error():
    customer, support = power_customer()
    assert plan_issue(issue_replica(issue("Bug"), customer["outgoing"]), support["incoming"], JSM_TARGET, None) == []
    broken = dict(support["incoming"], issue_types={"Task": "Incident"})
    with pytest.raises(PlanError, match="'Incident'"):
        plan_issue(issue_replica(issue(), customer["outgoing"]), broken, JSM_TARGET, None)


def test_an_unknown_request_type_is_named():
    customer, support = power_customer()
    target = Target("20000", True, {"IT Help": "1"}, {"Something else": "99"}, "customfield_10010")
    with pytest.raises(PlanError, match="'Get IT Help'"):
        plan_issue(issue_replica(issue(), customer["outgoing"]), support["incoming"], target, None)


def test_updates_send_only_what_changed_since_we_last_wrote():
    customer, support = power_customer()
    replica = issue_replica(issue(summary="New title"), customer["outgoing"])
    written = {"summary": "Printer on fire", "description": adf.plain_to_adf("Smoke everywhere")}
    [update] = plan_issue(replica, support["incoming"], JSM_TARGET, written)
    assert isinstance(update, UpdateIssue) and update.fields == {"summary": "New title"}
    assert plan_issue(replica, support["incoming"], JSM_TARGET, {**written, "summary": "New title"}) == []


def test_value_maps_default_error_and_ignore():
    half = load_half({"outgoing": {"fields": ["priority"]}, "incoming": {"fields": {"priority": "priority"},
                      "value_maps": {"priority": {"values": {"Highest": "High"}, "if_no_match": "default",
                                                  "default": "Medium"}}}})
    replica = lambda name: issue_replica(issue(priority={"name": name}), half["outgoing"])  # noqa: E731
    assert plan_issue(replica("Highest"), half["incoming"], SOFTWARE_TARGET, {})[0].fields == {"priority": {"name": "High"}}
    assert plan_issue(replica("Low"), half["incoming"], SOFTWARE_TARGET, {})[0].fields == {"priority": {"name": "Medium"}}
    half["incoming"]["value_maps"]["priority"]["if_no_match"] = "error"
    with pytest.raises(PlanError, match="'Low'"):
        plan_issue(replica("Low"), half["incoming"], SOFTWARE_TARGET, {})
    half["incoming"]["value_maps"]["priority"]["if_no_match"] = "ignore"
    assert plan_issue(replica("Low"), half["incoming"], SOFTWARE_TARGET, {}) == []


def test_basic_mirrors_types_by_name_and_falls_back_to_task():
    half_a, half_b = scenario_halves("basic", SOFTWARE, SOFTWARE)
    story = plan_issue(issue_replica(issue("Bug"), half_a["outgoing"]), half_b["incoming"], SOFTWARE_TARGET, None)
    assert story[0].fields["issuetype"] == {"id": "11"}
    epic = plan_issue(issue_replica(issue("Epic"), half_a["outgoing"]), half_b["incoming"], SOFTWARE_TARGET, None)
    assert epic[0].fields["issuetype"] == {"id": "10"}


def test_mentions_of_people_unknown_on_the_receiving_side_become_plain_text():
    body = adf.doc(adf.paragraph(adf.text("Hi "), {"type": "mention", "attrs": {"id": "abc", "text": "@Ann"}}))
    replica = issue_replica(issue(description=body), power_customer()[0]["outgoing"])
    arrived = arriving_document(replica.fields["description"], {"abc": None})
    assert replica.fields["description"] == body
    assert arrived["content"][0]["content"][1] == {"type": "text", "text": "@Ann"}


def comment(visibility_flag=None, body="Any news?"):
    data = {"id": "500", "author": {"displayName": "Carla Customer"}, "created": "2026-11-21T10:15:00.000+0000",
            "body": adf.plain_to_adf(body)}
    if visibility_flag is not None:
        data["jsdPublic"] = visibility_flag
    return data


def test_comment_visibility_on_software_and_service_desk_projects():
    assert comment_visibility(comment(), service_desk=False) == "standard"
    assert comment_visibility(comment(True), service_desk=True) == "public"
    assert comment_visibility(comment(False), service_desk=True) == "internal"
    internal = {"properties": [{"key": "sd.public.comment", "value": {"internal": True}}]}
    assert comment_visibility(internal, service_desk=True) == "internal"


def test_power_customer_comments_public_in_b_and_internal_b_comments_stay(adf_validator):
    customer, support = power_customer()
    replica = comment_replica(comment(), False, customer["outgoing"])
    [add] = plan_comment(replica, support["incoming"], JSM_TARGET, None)
    assert isinstance(add, AddComment) and add.visibility == "public"
    assert add.body["content"][0]["content"][0] == {"type": "text", "text": "Carla Customer",
                                                    "marks": [{"type": "strong"}]}
    assert "21 Nov 2026" in add.body["content"][0]["content"][1]["text"]
    assert list(adf_validator.iter_errors(add.body)) == []
    assert comment_replica(comment(False), True, support["outgoing"]) is None
    public = comment_replica(comment(True), True, support["outgoing"])
    [back] = plan_comment(public, customer["incoming"], SOFTWARE_TARGET, None)
    assert back.visibility == "standard"


def test_comment_edits_are_sent_once_and_deletions_follow():
    customer, support = power_customer()
    replica = comment_replica(comment(body="v2"), False, customer["outgoing"])
    [edit] = plan_comment(replica, support["incoming"], JSM_TARGET, CommentCopy("900", "old-print", "public"))
    assert isinstance(edit, EditComment) and edit.comment_id == "900"
    assert plan_comment(replica, support["incoming"], JSM_TARGET, CommentCopy("900", edit.fingerprint, "public")) == []
    assert plan_comment_deletion(CommentCopy("900", edit.fingerprint, "public"))[0].comment_id == "900"
    assert plan_comment_deletion(None) == []


def test_restricted_comments_are_their_own_class_and_never_sent_unless_mapped():
    customer, support = power_customer()
    restricted = {**comment(), "visibility": {"type": "role", "value": "Developers", "identifier": "Developers"}}
    assert comment_visibility(restricted, False) == comment_visibility(restricted, True) == "restricted"
    assert comment_replica(restricted, False, customer["outgoing"]) is None
    customer["outgoing"]["comments"].append("restricted")
    replica = comment_replica(restricted, False, customer["outgoing"])
    assert plan_comment(replica, support["incoming"], JSM_TARGET, None) == []
    support["incoming"]["comments"]["visibility"]["restricted"] = "internal"
    [add] = plan_comment(replica, support["incoming"], JSM_TARGET, None)
    assert add.visibility == "internal"
    with pytest.raises(ValidationError):
        load_half({"incoming": {"comments": {"visibility": {"public": "restricted"}}}})


def test_a_change_of_visibility_changes_or_withdraws_the_copy():
    half_a, half_b = scenario_halves("mirroring", SERVICE_DESK, SERVICE_DESK)
    made_internal = comment_replica(comment(False), True, half_a["outgoing"])
    body_print = plan_comment(made_internal, half_b["incoming"], JSM_TARGET, None)[0].fingerprint
    assert plan_comment(made_internal, half_b["incoming"], JSM_TARGET, CommentCopy("900", body_print, "public")) == [
        SetCommentVisibility("900", "internal")]
    assert plan_comment(None, half_b["incoming"], JSM_TARGET, CommentCopy("900", body_print, "public")) == [
        DeleteComment("900", withdrawn=True)]
    # Elsewhere a comment has no visibility of its own to set.
    assert plan_comment(made_internal, half_b["incoming"], SOFTWARE_TARGET, CommentCopy("900", body_print, None)) == []


def test_mirroring_keeps_internal_internal_and_public_public():
    half_a, half_b = scenario_halves("mirroring", SERVICE_DESK, SERVICE_DESK)
    for flag, expected in ((True, "public"), (False, "internal")):
        replica = comment_replica(comment(flag), True, half_a["outgoing"])
        assert plan_comment(replica, half_b["incoming"], JSM_TARGET, None)[0].visibility == expected


def test_unknown_scenarios_are_named():
    with pytest.raises(UnknownScenario, match="'exotic'"):
        scenario_halves("exotic", SOFTWARE, SOFTWARE)


def test_every_adf_document_the_engine_writes_passes_the_schema(adf_validator):
    created = datetime(2026, 11, 21, 10, 15, tzinfo=timezone.utc)
    documents = [adf.plain_to_adf("one\ntwo"), adf.enriched(adf.plain_to_adf("x"), "Ann", created),
                 adf.enriched(adf.EMPTY_DOC, "Ann", None),
                 arriving_document(adf.doc(adf.paragraph(mention("abc", "Ann"))), {"abc": Match("xyz", "Ann A")}),
                 CommentReplica("1", "Ann", created, adf.plain_to_adf("y"), "public").body]
    for document in documents:
        assert list(adf_validator.iter_errors(document)) == [], document


def test_a_copy_carried_on_by_another_connection_names_the_original_author_once():
    half_a, half_b = scenario_halves("basic", SOFTWARE, SOFTWARE)
    original = comment_replica(comment(), False, half_a["outgoing"])
    [first] = plan_comment(original, half_b["incoming"], SOFTWARE_TARGET, None)
    copy = {"id": "900", "author": {"displayName": "Tandem"}, "created": "2026-11-21T10:16:00.000+0000",
            "body": first.body, "properties": [{"key": "tandem.origin", "value": {
                "key": "1:a:comment:500", "author": "Carla Customer", "created": "2026-11-21T10:15:00.000000+0000",
                "enriched": True}}]}
    carried = comment_replica(copy, False, half_b["outgoing"])
    assert (carried.author, carried.created, carried.body) == (original.author, original.created, original.body)
    [second] = plan_comment(carried, half_a["incoming"], SOFTWARE_TARGET, None)
    assert second.body == first.body


def test_a_sub_task_is_planned_under_its_parent_and_falls_back_only_when_the_half_says_so():
    _, half_b = scenario_halves("basic", SOFTWARE, SOFTWARE)
    target = Target("10000", False, {"Task": "10", "Sub-task": "12"}, subtask_types=frozenset({"Sub-task"}))
    child = issue_replica({"id": "7", "key": "LFT-7", "fields": {
        "summary": "Child", "issuetype": {"name": "Sub-task", "subtask": True}, "parent": {"id": "6"}}},
        {"issue_types": [], "fields": ["summary"]})
    [create] = plan_issue(child, half_b["incoming"], target, None)
    assert create.parent_of == "6" and create.fields["issuetype"] == {"id": "12"}
    assert without_parent(create, half_b["incoming"], target) is None
    half_b["incoming"]["subtasks_without_parent"] = "fallback"
    alone = without_parent(create, half_b["incoming"], target)
    assert alone.fields["issuetype"] == {"id": "10"} and alone.parent_of is None
