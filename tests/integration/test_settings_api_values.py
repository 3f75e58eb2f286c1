"""Value maps checked against the real sites when a draft is saved and when it is published: only where a field's
values are chosen from a list, keys among the other side's values, values among this side's (components and
versions this side creates may be new)."""
from __future__ import annotations

from dataclasses import replace

from tests.integration.test_settings_api import refused
from tests.integration.test_settings_api_halves import connected, half_path, put_draft  # noqa: F401 (a fixture)


def taking_in(draft: dict, source: str, target: str, value_map: dict | None = None, **incoming) -> None:
    draft["incoming"]["fields"][source] = target
    if value_map is not None:
        draft["incoming"]["value_maps"][source] = value_map
    draft["incoming"].update(incoming)


def test_value_maps_name_real_options_on_each_side(connected):
    connection_id, ann, sam = connected
    site = ann.site
    tier = site.add_custom_field("Tier", "select", ["Gold", "Silver"])
    site.add_component(sam.project["key"], "Billing")  # the other side's: where values come from

    good = put_draft(ann, connection_id, lambda d: taking_in(d, tier, tier, {"values": {"Gold": "Silver"}}))
    unknown = put_draft(ann, connection_id, lambda d: taking_in(
        d, tier, tier, {"values": {"Bronze": "Platinum"}, "if_no_match": "default", "default": "Tin"}))
    free_text = put_draft(ann, connection_id, lambda d: taking_in(d, "summary", "summary", {"values": {"a": "b"}}))
    component = put_draft(ann, connection_id, lambda d: taking_in(
        d, "components", "components", {"values": {"Billing": "Shipping"}}))
    created = put_draft(ann, connection_id, lambda d: taking_in(
        d, "components", "components", {"values": {"Billing": "Shipping"}}, create_missing=["components"]))
    not_taken = put_draft(ann, connection_id, lambda d: d["incoming"].update(create_missing=["fixVersions"]))

    assert good.status_code == 200, good.text
    errors = refused(unknown, 422, "Bronze")["errors"][f"incoming.value_maps.{tier}"]
    assert errors == [
        f"'Bronze' is not a value of 'Tier' ({tier}) on {site.base_url} (it has Gold, Silver)",
        f"'Platinum' is not a value of 'Tier' ({tier}) on {site.base_url} (it has Gold, Silver)",
        f"'Tin' is not a value of 'Tier' ({tier}) on {site.base_url} (it has Gold, Silver)"]
    assert refused(free_text, 422)["errors"]["incoming.value_maps.summary"] == [
        "'Summary' (summary) takes no value map: its values are not chosen from a list (value maps are for "
        "priorities, components, versions, labels and fields with options)"]
    assert "'Shipping' is not a value of 'Components'" in refused(component, 422)["message"]
    assert created.status_code == 200, "a component this side creates may be new"
    assert refused(not_taken, 422)["errors"]["incoming.create_missing"] == [
        "'fixVersions' is not among the fields this side takes in"]


def test_publishing_checks_the_value_maps_again(connected):
    connection_id, ann, sam = connected
    tier = ann.site.add_custom_field("Tier", "select", ["Gold", "Silver"])
    put_draft(ann, connection_id, lambda d: taking_in(d, tier, tier, {"values": {"Gold": "Silver"}}))
    with ann.site.state.lock:  # an admin renames the option meanwhile
        field = ann.site.state.fields[tier]
        ann.site.state.fields[tier] = replace(field, options=field.options[:1])

    published = ann.call("POST", half_path(connection_id, "publish"))
    assert "'Silver' is not a value of 'Tier'" in refused(published, 422)["message"]


def test_the_value_pickers_offer_each_sides_real_values(connected):
    connection_id, ann, sam = connected
    region = ann.site.add_custom_field("Region", "cascading", [("Europe", ["Paris", "Rome"])])
    ann.site.add_component(sam.project["key"], "Billing")
    path = f"/api/connections/{connection_id}/values"

    sides = ann.call("GET", f"/api/connections/{connection_id}/sides", expect=200).json()["sides"]
    kinds = {field["id"]: field["kind"] for field in sides[0]["fields"]}
    assert kinds[region] == "cascading" and kinds["summary"] == "text" and kinds["priority"] == "priority"
    assert ann.call("GET", f"{path}?field={region}", expect=200).json()["values"] == [
        "Europe", "Europe / Paris", "Europe / Rome"]
    assert ann.call("GET", f"{path}?field=priority", expect=200).json()["values"][0] == "Highest"
    assert ann.call("GET", f"{path}?field=components&side=theirs", expect=200).json()["values"] == ["Billing"]
    assert ann.call("GET", f"{path}?field=components", expect=200).json()["values"] == []
    assert "takes no value map" in refused(ann.call("GET", f"{path}?field=summary"), 400)["message"]
    refused(ann.call("GET", f"{path}?field=customfield_404"), 404, "customfield_404")
    refused(ann.call("GET", f"{path}?field=priority&side=both"), 400, "side")
