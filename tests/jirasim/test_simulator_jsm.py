"""Jira Service Management: service desks, request types, the request type field, comment visibility."""
import pytest

from . import SimSite
from .adf import text_document
from .app_client import AppClient

ISSUE = "/rest/api/3/issue"


@pytest.fixture
def desk(installed_site):
    """``installed_site`` with the service desk project DESK (JSM's default issue and request types)."""
    installed_site.add_project("DESK", "Help desk", type="service_desk")
    return installed_site


def create_request(as_app, request_field, value, issue_type="IT Help"):
    fields = {"project": {"key": "DESK"}, "issuetype": {"name": issue_type}, "summary": "Laptop broken"}
    if request_field:
        fields[request_field] = value
    return as_app.post(ISSUE, json={"fields": fields})


def test_a_service_desk_project_and_its_request_types(desk, as_app):
    project = as_app.get("/rest/api/3/project/DESK").json()
    [service_desk] = as_app.get("/rest/servicedeskapi/servicedesk", limit="100").json()["values"]
    request_types = as_app.get(f"/rest/servicedeskapi/servicedesk/{service_desk['id']}/requesttype").json()
    issue_types = {t["name"]: t["id"] for t in project["issueTypes"]}

    assert project["projectTypeKey"] == "service_desk" and service_desk["id"] == desk.service_desk_id("DESK")
    assert list(issue_types) == ["IT Help", "Purchase", "Access", "Incident", "Change", "Task"]
    assert (service_desk["projectId"], service_desk["projectKey"], service_desk["projectName"]) == (
        project["id"], "DESK", "Help desk"
    )
    named = {rt["name"]: rt for rt in request_types["values"]}
    assert list(named) == ["Get IT Help", "Purchase request", "Request a new account", "Report a system problem",
                           "Request a change"]
    assert named["Get IT Help"]["issueTypeId"] == issue_types["IT Help"]
    assert named["Purchase request"]["issueTypeId"] == issue_types["Purchase"]
    assert named["Request a new account"]["issueTypeId"] == issue_types["Access"]
    assert named["Get IT Help"]["serviceDeskId"] == service_desk["id"] and request_types["isLastPage"] is True


def test_the_request_type_field_has_a_per_site_id(desk, keys, app):
    fields = AppClient(desk).get("/rest/api/3/field").json()
    [field] = [f for f in fields if f["schema"].get("custom") == "com.atlassian.servicedesk:vp-origin"]

    with SimSite(keys, name="beta") as other:
        other.add_project("OTHER", type="service_desk")
        other_field_id = other.request_type_field_id()
        other_get_it_help = other.request_type_id("OTHER", "Get IT Help")

    assert field["id"] == desk.request_type_field_id() and field["custom"] is True
    assert field["schema"]["type"] == "sd-customerrequesttype"
    assert other_field_id.startswith("customfield_") and other_field_id != field["id"]
    assert other_get_it_help != desk.request_type_id("DESK", "Get IT Help")


def test_the_request_type_is_set_with_its_id_as_a_plain_string(desk, as_app, app):
    field_id, get_it_help = desk.request_type_field_id(), desk.request_type_id("DESK", "Get IT Help")

    created = create_request(as_app, field_id, get_it_help)

    assert created.status_code == 201, created.text
    assert desk.request_type_of(created.json()["key"]) == get_it_help
    shown = as_app.get(f"{ISSUE}/{created.json()['key']}", fields=field_id).json()["fields"][field_id]
    assert shown["requestType"]["id"] == get_it_help and shown["requestType"]["name"] == "Get IT Help"
    assert shown["currentStatus"]["status"] == "Waiting for support"
    assert shown["_links"]["agent"].endswith("/browse/DESK-1")
    desk.wait_for_webhooks()
    [event] = [call.body for call in app.calls_to("/webhooks/jira")]
    assert event["issue"]["fields"][field_id]["requestType"]["id"] == get_it_help


@pytest.mark.parametrize("form", ["object-id", "object-value", "unknown-id"])
def test_other_forms_and_unknown_request_types_are_refused(desk, as_app, form):
    field_id, get_it_help = desk.request_type_field_id(), desk.request_type_id("DESK", "Get IT Help")
    value = {"object-id": {"id": get_it_help}, "object-value": {"value": "Get IT Help"}, "unknown-id": "99999"}[form]

    response = create_request(as_app, field_id, value)

    assert response.status_code == 400
    assert response.json()["errorMessages"] == [] and list(response.json()["errors"]) == [field_id]
    assert desk.issues("DESK") == []


def test_without_the_field_an_issue_is_no_customer_request(desk, as_app):
    created = create_request(as_app, None, None)

    field_id = desk.request_type_field_id()
    assert created.status_code == 201
    assert as_app.get(f"{ISSUE}/{created.json()['id']}").json()["fields"][field_id] is None
    assert desk.request_type_of(created.json()["key"]) is None


def test_the_request_type_field_exists_only_on_service_desk_projects(desk, as_app):
    field_id = desk.request_type_field_id()
    body = {"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "x", field_id: "1"}}

    response = as_app.post(ISSUE, json=body)
    desk.create_issue("ALPHA", "Task", "Software issue")

    assert response.json()["errors"] == {
        field_id: f"Field '{field_id}' cannot be set. It is not on the appropriate screen, or unknown."
    }
    assert field_id not in as_app.get(f"{ISSUE}/ALPHA-1").json()["fields"]


def test_changing_the_request_type_is_in_the_changelog(desk, as_app, app):
    field_id = desk.request_type_field_id()
    desk.create_issue("DESK", "Purchase", "Monitor", request_type="Purchase request")
    app.received.clear()
    access = desk.request_type_id("DESK", "Request a new account")

    response = as_app.put(f"{ISSUE}/DESK-1", json={"fields": {"issuetype": {"name": "Access"}, field_id: access}})

    assert response.status_code == 204
    desk.wait_for_webhooks()
    [update] = [call.body for call in app.calls_to("/webhooks/jira")]
    item = next(i for i in update["changelog"]["items"] if i["fieldId"] == field_id)
    assert (item["field"], item["fieldtype"], item["to"], item["toString"]) == (
        "Request Type", "custom", access, "Request a new account"
    )


def test_internal_and_public_comments(desk, as_app, app):
    desk.create_issue("DESK", "IT Help", "Printer", request_type="Get IT Help")
    agent = desk.add_user("Sam Support")
    app.received.clear()
    internal_property = [{"key": "sd.public.comment", "value": {"internal": True}}]

    internal = as_app.post(f"{ISSUE}/DESK-1/comment", json={"body": text_document("Note"),
                                                           "properties": internal_property}).json()
    public = as_app.post(f"{ISSUE}/DESK-1/comment", json={"body": text_document("Reply")}).json()
    via_jsm = as_app.post("/rest/servicedeskapi/request/DESK-1/comment",
                          json={"body": "Line one\nline two\n\nSecond paragraph", "public": False})
    desk.add_comment("DESK-1", "Agent note", user=agent, internal=True)
    desk.add_comment("DESK-1", "Agent reply", user=agent)

    assert (internal["jsdPublic"], public["jsdPublic"]) == (False, True)
    assert via_jsm.status_code == 201 and via_jsm.json()["public"] is False
    assert via_jsm.json()["author"]["accountId"] == desk.app_user.account_id
    comments = desk.comments("DESK-1")
    assert [c["jsdPublic"] for c in comments] == [False, True, False, False, True]
    assert comments[2]["body"]["content"] == [
        {"type": "paragraph", "content": [{"type": "text", "text": "Line one"}, {"type": "hardBreak"},
                                          {"type": "text", "text": "line two"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "Second paragraph"}]},
    ]
    assert comments[2]["properties"] == [{"key": "sd.public.comment", "value": {"internal": True}}]
    created_events = [call.body for call in app.calls_to("/webhooks/comment")]
    assert [event["comment"]["jsdPublic"] for event in created_events] == [False, True, False, False, True]


def test_the_servicedeskapi_refuses_comments_on_other_projects(desk, as_app):
    desk.create_issue("ALPHA", "Task", "Not a request")

    response = as_app.post("/rest/servicedeskapi/request/ALPHA-1/comment", json={"body": "hi", "public": True})

    assert response.status_code == 404 and response.json()["i18nErrorMessage"]["i18nKey"] == "sd.request.not.found"
    assert desk.comments("ALPHA-1") == []


def test_lists_come_in_pages_of_at_most_a_hundred(installed_site, as_app):
    for number in range(130):
        installed_site.add_project(f"D{number}", type="service_desk", request_types=())
    first = as_app.get("/rest/servicedeskapi/servicedesk", limit="500").json()
    second = as_app.get("/rest/servicedeskapi/servicedesk", start="100", limit="500").json()
    default = as_app.get("/rest/servicedeskapi/servicedesk").json()

    assert (first["size"], first["limit"], first["isLastPage"]) == (100, 100, False)
    assert first["_links"]["next"].endswith("/rest/servicedeskapi/servicedesk?start=100&limit=100")
    assert "prev" not in first["_links"]
    assert (second["start"], second["size"], second["isLastPage"]) == (100, 30, True)
    assert "next" not in second["_links"] and second["_links"]["prev"].endswith("servicedesk?start=0&limit=100")
    assert [desk["projectKey"] for desk in first["values"] + second["values"]] == [f"D{n}" for n in range(130)]
    assert (default["size"], default["limit"]) == (50, 50)
