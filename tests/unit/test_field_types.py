"""Fields by type: values read from one site written in the form the other's field takes, converted between kinds,
and components or versions the target lacks created or left out as the half says."""
from __future__ import annotations

import jsonschema
import pytest

from addon.sync import adf
from addon.sync.field_types import choice_values, field_kind, write_value
from addon.sync.halves import load_half
from addon.sync.planner import CreateIssue, Target, UpdateIssue, plan_issue
from addon.sync.replica import issue_replica
from tests.jirasim import load_json_contract

CUSTOM = "com.atlassian.jira.plugin.system.customfieldtypes:"
SCHEMAS = {
    "text": {"type": "string", "custom": CUSTOM + "textfield"},
    "paragraph": {"type": "string", "custom": CUSTOM + "textarea"},
    "url": {"type": "string", "custom": CUSTOM + "url"},
    "number": {"type": "number", "custom": CUSTOM + "float"},
    "date": {"type": "date", "custom": CUSTOM + "datepicker"},
    "datetime": {"type": "datetime", "custom": CUSTOM + "datetime"},
    "select": {"type": "option", "custom": CUSTOM + "select"},
    "radio": {"type": "option", "custom": CUSTOM + "radiobuttons"},
    "multi-select": {"type": "array", "items": "option", "custom": CUSTOM + "multiselect"},
    "checkboxes": {"type": "array", "items": "option", "custom": CUSTOM + "multicheckboxes"},
    "cascading": {"type": "option-with-child", "custom": CUSTOM + "cascadingselect"},
    "labels": {"type": "array", "items": "string", "custom": CUSTOM + "labels"},
}


@pytest.mark.parametrize("name, kind", [
    ("text", "text"), ("paragraph", "paragraph"), ("url", "url"), ("number", "number"), ("date", "date"),
    ("datetime", "datetime"), ("select", "option"), ("radio", "option"), ("multi-select", "options"),
    ("checkboxes", "options"), ("cascading", "cascading"), ("labels", "labels")])
def test_each_custom_field_type_has_its_kind(name, kind):
    assert field_kind(SCHEMAS[name]) == kind


@pytest.mark.parametrize("name, read, written", [
    ("text", {"value": "Gold"}, "Gold"),
    ("url", "https://example.com", "https://example.com"),
    ("number", 4.5, 4.5),
    ("date", "2031-02-03", "2031-02-03"),
    ("datetime", "2031-02-03T10:20:00.000+0000", "2031-02-03T10:20:00.000+0000"),
    ("select", {"value": "Gold", "id": "10100"}, {"value": "Gold"}),
    ("multi-select", [{"value": "Red", "id": "1"}, {"value": "Blue", "id": "2"}], [{"value": "Red"}, {"value": "Blue"}]),
    ("cascading", {"value": "Europe", "id": "1", "child": {"value": "Rome", "id": "2"}},
     {"value": "Europe", "child": {"value": "Rome"}}),
    ("cascading", {"value": "Asia", "id": "3"}, {"value": "Asia"}),
    ("labels", ["one", "two"], ["one", "two"]),
])
def test_a_value_read_from_one_site_is_written_by_name_on_the_other(name, read, written):
    replica = issue_replica({"id": "1", "key": "A-1", "fields": {"issuetype": {"name": "Task"}, "cf": read}},
                            load_half({"outgoing": {"fields": ["cf"]}})["outgoing"])
    assert write_value(replica.fields["cf"], SCHEMAS[name]) == written


def test_values_are_converted_between_kinds():
    document = adf.plain_to_adf("First line\nSecond")
    assert write_value(document, SCHEMAS["text"]) == "First line\nSecond"
    assert write_value("Plain words", SCHEMAS["paragraph"]) == adf.plain_to_adf("Plain words")
    jsonschema.Draft4Validator(load_json_contract("adf-schema-full.json")).validate(
        write_value("Plain words", SCHEMAS["paragraph"]))
    assert write_value("12.5", SCHEMAS["number"]) == 12.5
    assert write_value(7, SCHEMAS["text"]) == "7"
    assert write_value("2031-02-03", SCHEMAS["datetime"]) == "2031-02-03T00:00:00.000+0000"
    assert write_value("2031-02-03T10:20:00.000+0000", SCHEMAS["date"]) == "2031-02-03"
    assert write_value(["Red", "Blue"], SCHEMAS["select"]) == {"value": "Red"}
    assert write_value("Gold", SCHEMAS["checkboxes"]) == [{"value": "Gold"}]
    assert write_value(None, SCHEMAS["multi-select"]) == [] and write_value(None, SCHEMAS["select"]) is None
    assert choice_values("cascading", [{"value": "Europe", "children": ["Rome"]}]) == ["Europe", "Europe / Rome"]


TARGET = Target("10000", False, {"Task": "10"}, field_schemas={
    "customfield_2": SCHEMAS["number"], "customfield_3": SCHEMAS["select"]},
    choices={"components": frozenset({"Billing"}), "fixVersions": frozenset({"1.0"})})
SOURCE_FIELDS = ["summary", "priority", "components", "fixVersions", "duedate", "customfield_1", "customfield_9"]


def _half(**incoming):
    fields = {"summary": "summary", "priority": "priority", "components": "components", "fixVersions": "fixVersions",
              "duedate": "duedate", "customfield_1": "customfield_2", "customfield_9": "customfield_3"}
    return load_half({"outgoing": {"fields": SOURCE_FIELDS}, "incoming": {"fields": fields, **incoming}})


def _replica(**fields):
    base = {"summary": "Crash", "issuetype": {"name": "Task"}, "priority": {"name": "Highest", "id": "1"},
            "components": [{"name": "Billing", "id": "5"}, {"name": "Shipping", "id": "6"}],
            "fixVersions": [{"name": "2.0", "id": "7"}], "duedate": "2031-05-06", "customfield_1": "forty",
            "customfield_9": {"value": "Gold", "id": "3"}}
    return issue_replica({"id": "1", "key": "A-1", "fields": {**base, **fields}}, _half()["outgoing"])


def test_missing_components_and_versions_are_left_out_with_a_note_unless_the_half_creates_them():
    value_maps = {"priority": {"values": {"Highest": "High"}}, "customfield_9": {"values": {"Gold": "Premium"}}}
    [dropping] = plan_issue(_replica(), _half(value_maps=value_maps)["incoming"], TARGET, None)
    [creating] = plan_issue(_replica(), _half(create_missing=["components"])["incoming"], TARGET, None)

    assert isinstance(dropping, CreateIssue)
    assert dropping.fields["priority"] == {"name": "High"} and dropping.fields["customfield_3"] == {"value": "Premium"}
    assert dropping.fields["components"] == [{"name": "Billing"}] and dropping.fields["fixVersions"] == []
    assert dropping.fields["duedate"] == "2031-05-06"
    assert "customfield_2" not in dropping.fields, "'forty' is no number: left out, the rest still written"
    assert any("'Shipping'" in note for note in dropping.notes) and any("'2.0'" in note for note in dropping.notes)
    assert any("customfield_2" in note and "number" in note for note in dropping.notes)
    assert [(c.kind, c.name) for c in creating.creates] == [("components", "Shipping")]
    assert creating.fields["components"] == [{"name": "Billing"}, {"name": "Shipping"}]
    assert dropping.written["components"] == ["Billing", "Shipping"], "remembered whole: not noted again"


def test_an_update_sends_only_what_changed_and_the_same_missing_component_is_not_noted_twice():
    incoming = _half()["incoming"]
    [create] = plan_issue(_replica(), incoming, TARGET, None)
    [update] = plan_issue(_replica(priority={"name": "Low", "id": "4"}), incoming, TARGET, create.written)

    assert isinstance(update, UpdateIssue)
    assert update.fields == {"priority": {"name": "Low"}} and not update.notes
