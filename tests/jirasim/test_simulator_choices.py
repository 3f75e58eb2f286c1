"""Fields whose values are chosen among a site's things: priorities, components, versions, custom field options;
and every custom field type, with the values Jira takes and the 400 (``errors`` by field id) it answers otherwise."""
import pytest

from .test_simulator_rest import ISSUE, create, webhooks


def declare_scope(site, scope: str) -> None:
    """The app's descriptor declares ``scope`` as well (as after an upgrade the site's admin approved)."""
    scopes = site.installation.descriptor.raw.setdefault("scopes", [])
    scopes.append(scope)


def test_creating_components_and_versions_needs_the_project_admin_scope(installed_site, as_app):
    refused = as_app.post("/rest/api/3/component", json={"name": "Billing", "project": "ALPHA"})
    options = as_app.post(f"/rest/api/3/field/{installed_site.add_custom_field('Tier', 'select')}/context/1/option",
                          json={"options": [{"value": "Gold"}]})

    assert refused.status_code == 403 and "PROJECT_ADMIN scope" in refused.json()["errorMessages"][0]
    assert options.status_code == 403 and "ADMIN scope" in options.json()["errorMessages"][0]
    assert as_app.get("/rest/api/3/project/ALPHA/components").json() == []


def test_priorities_components_and_versions_are_listed_and_created(installed_site, as_app):
    declare_scope(installed_site, "PROJECT_ADMIN")
    made = as_app.post("/rest/api/3/component", json={"name": "Billing", "project": "ALPHA"})
    version = as_app.post("/rest/api/3/version", json={"name": "2.0", "projectId": int(project_id(as_app))})
    again = as_app.post("/rest/api/3/component", json={"name": "billing", "project": "ALPHA"})

    priorities = as_app.get("/rest/api/3/priority/search").json()
    assert [p["name"] for p in priorities["values"]] == ["Highest", "High", "Medium", "Low", "Lowest"]
    assert made.status_code == 201 and version.status_code == 201, (made.text, version.text)
    assert [c["name"] for c in as_app.get("/rest/api/3/project/ALPHA/components").json()] == ["Billing"]
    assert [v["name"] for v in as_app.get("/rest/api/3/project/ALPHA/versions").json()] == ["2.0"]
    assert again.status_code == 400 and "already exists" in again.json()["errors"]["name"]
    assert not installed_site.contract_violations


def project_id(as_app, key="ALPHA"):
    return as_app.get(f"/rest/api/3/project/{key}").json()["id"]


def test_components_and_versions_are_set_by_name_or_id_and_unknown_ones_refused(installed_site, as_app, app):
    installed_site.add_component("ALPHA", "Billing")
    installed_site.add_version("ALPHA", "1.0")
    created = create(as_app, components=[{"name": "Billing"}], fixVersions=[{"name": "1.0"}],
                     versions=[{"name": "1.0"}], priority={"name": "Low"})
    refused = as_app.put(f"{ISSUE}/{created['key']}", json={"fields": {
        "components": [{"name": "Shipping"}], "fixVersions": [{"name": "9.9"}], "priority": {"name": "Urgent"}}})

    fields = as_app.get(f"{ISSUE}/{created['key']}").json()["fields"]
    assert [c["name"] for c in fields["components"]] == ["Billing"] and fields["priority"]["name"] == "Low"
    assert [v["name"] for v in fields["fixVersions"]] == ["1.0"] == [v["name"] for v in fields["versions"]]
    assert refused.status_code == 400 and refused.json()["errors"] == {
        "components": "Component name 'Shipping' is not valid", "fixVersions": "Version name '9.9' is not valid",
        "priority": "Specify the Priority (name or id) in the correct format"}
    [event] = webhooks(app, installed_site)
    assert event["issue"]["fields"]["components"][0]["name"] == "Billing"


KINDS = {  # kind -> (options, a value Jira takes, how it reads back, a value it refuses, Jira's message)
    "text": ((), "plain", "plain", "x" * 256,
             "The entered text is too long. It exceeds the allowed limit of 255 characters."),
    "number": ((), 4.5, 4.5, "four", "Operation value must be a number"),
    "date": ((), "2031-02-03", "2031-02-03", "03/02/2031", "Error parsing date string: 03/02/2031"),
    "datetime": ((), "2031-02-03T10:20:00.000+0000", "2031-02-03T10:20:00.000+0000", "tomorrow",
                 "Error parsing time: tomorrow"),
    "url": ((), "https://example.com/a", "https://example.com/a", "not a url", "Not a valid URL"),
    "select": (("Gold", "Silver"), {"value": "Gold"}, "Gold", {"value": "Bronze"},
               "Option value 'Bronze' is not valid"),
    "radio": (("Yes", "No"), {"value": "No"}, "No", {"id": "1"}, "Option id '1' is not valid"),
    "multi-select": (("Red", "Blue"), [{"value": "Red"}, {"value": "Blue"}], ["Red", "Blue"], [{"value": "Pink"}],
                     "Option value 'Pink' is not valid"),
    "checkboxes": (("A", "B"), [{"value": "B"}], ["B"], [{"value": "C"}], "Option value 'C' is not valid"),
    "cascading": ((("Europe", ["Paris", "Rome"]), ("Asia", ["Tokyo"])),
                  {"value": "Europe", "child": {"value": "Rome"}}, "Europe/Rome",
                  {"value": "Asia", "child": {"value": "Rome"}}, "Option value 'Rome' is not valid for parent "
                                                                 "option 'Asia'"),
    "labels": ((), ["one", "two"], ["one", "two"], ["has space"], "The label can't contain spaces."),
}


def _read_back(value):
    if isinstance(value, list):
        return [_read_back(item) for item in value]
    if isinstance(value, dict) and "child" in value:
        return f"{value['value']}/{value['child']['value']}"
    if isinstance(value, dict):
        return value["value"]
    return value


@pytest.mark.parametrize("kind", KINDS)
def test_each_custom_field_type_takes_jiras_values_and_refuses_others_with_jiras_message(installed_site, as_app,
                                                                                        kind):
    options, good, shown, bad, message = KINDS[kind]
    field_id = installed_site.add_custom_field(f"My {kind}", kind, options)

    created = create(as_app, **{field_id: good})
    refused = as_app.put(f"{ISSUE}/{created['key']}", json={"fields": {field_id: bad, "summary": "kept?"}})

    issue = as_app.get(f"{ISSUE}/{created['key']}").json()["fields"]
    assert _read_back(issue[field_id]) == shown
    assert refused.status_code == 400 and refused.json() == {"errorMessages": [], "errors": {field_id: message}}
    assert issue["summary"] == "Made by the app", "a refused request changes nothing"
    assert not installed_site.contract_violations


def test_custom_field_schemas_are_reported_as_jira_reports_them(installed_site, as_app):
    ids = {kind: installed_site.add_custom_field(f"My {kind}", kind, KINDS[kind][0]) for kind in KINDS}

    fields = {field["id"]: field["schema"] for field in as_app.get("/rest/api/3/field").json()}
    types = {kind: (fields[field_id]["type"], fields[field_id].get("items"),
                    fields[field_id]["custom"].rsplit(":", 1)[1]) for kind, field_id in ids.items()}
    assert types == {
        "text": ("string", None, "textfield"), "number": ("number", None, "float"),
        "date": ("date", None, "datepicker"), "datetime": ("datetime", None, "datetime"),
        "url": ("string", None, "url"), "select": ("option", None, "select"),
        "radio": ("option", None, "radiobuttons"), "multi-select": ("array", "option", "multiselect"),
        "checkboxes": ("array", "option", "multicheckboxes"),
        "cascading": ("option-with-child", None, "cascadingselect"), "labels": ("array", "string", "labels"),
    }
    assert fields["components"] == {"type": "array", "items": "component", "system": "components"}
    assert fields["fixVersions"]["items"] == "version" == fields["versions"]["items"]


def test_options_are_read_and_added_through_the_fields_context(installed_site, as_app):
    declare_scope(installed_site, "ADMIN")
    field_id = installed_site.add_custom_field("Region", "cascading", [("Europe", ["Paris"])])

    [context] = as_app.get(f"/rest/api/3/field/{field_id}/context").json()["values"]
    path = f"/rest/api/3/field/{field_id}/context/{context['id']}/option"
    europe = as_app.get(path).json()["values"][0]
    added = as_app.post(path, json={"options": [{"value": "Asia"}, {"value": "Rome", "optionId": europe["id"]}]})
    twice = as_app.post(path, json={"options": [{"value": "asia"}]})

    listed = [(o["value"], o.get("optionId")) for o in as_app.get(path).json()["values"]]
    assert context["isGlobalContext"] and added.status_code == 200, added.text
    assert listed == [("Europe", None), ("Paris", europe["id"]), ("Rome", europe["id"]), ("Asia", None)]
    assert twice.status_code == 400 and "already exists" in twice.json()["errors"]["value"]
    created = create(as_app, **{field_id: {"value": "Europe", "child": {"value": "Rome"}}})
    assert as_app.get(f"{ISSUE}/{created['key']}").json()["fields"][field_id]["child"]["value"] == "Rome"
    assert not installed_site.contract_violations
