"""People: users and their e-mail visibility, assignee and reporter rules, user pickers, mentions, JSM customers."""
import pytest

from .adf import mention_document

ISSUE = "/rest/api/3/issue"


@pytest.fixture
def people(installed_site):
    """Ann shows her e-mail address, Bob hides his; DESK is a service desk with the customer Carla."""
    site = installed_site
    site.add_project("DESK", "Help desk", type="service_desk")
    return {
        "ann": site.add_user("Ann Archer", email="ann@example.com"),
        "bob": site.add_user("Bob Baker", email="bob@example.com", email_visible=False),
        "carla": site.add_customer("DESK", "Carla Customer", "carla@customer.example"),
    }


def test_a_hidden_email_is_left_out_of_every_answer_and_search_by_it_finds_nobody(installed_site, people, as_app):
    ann, bob = people["ann"], people["bob"]

    shown_ann = as_app.get("/rest/api/3/user", accountId=ann.account_id).json()
    shown_bob = as_app.get("/rest/api/3/user", accountId=bob.account_id).json()
    by_ann_email = as_app.get("/rest/api/3/user/search", query="ann@example.com").json()
    by_bob_email = as_app.get("/rest/api/3/user/search", query="bob@example.com").json()
    by_bob_name = as_app.get("/rest/api/3/user/search", query="bak").json()
    everyone = as_app.get("/rest/api/3/users/search", maxResults="100")

    assert shown_ann["emailAddress"] == "ann@example.com" and "emailAddress" not in shown_bob
    assert [u["accountId"] for u in by_ann_email] == [ann.account_id] and by_bob_email == []
    assert [(u["accountId"], "emailAddress" in u) for u in by_bob_name] == [(bob.account_id, False)]
    assert everyone.status_code == 403, "the list of all users is closed to Connect apps (INACCESSIBLE)"
    assert as_app.get("/rest/api/3/user", accountId="557058:nobody").status_code == 404
    assert as_app.get("/rest/api/3/user/search").status_code == 400


def test_issue_payloads_show_email_as_the_profile_allows(installed_site, people, as_app):
    installed_site.set_email_visibility(people["ann"], False)
    created = installed_site.create_issue("ALPHA", "Task", "Hi", assignee=people["ann"].account_id)

    shown = as_app.get(f"{ISSUE}/{created['key']}", fields="assignee").json()["fields"]["assignee"]

    assert shown["displayName"] == "Ann Archer" and "emailAddress" not in shown


def test_assignee_set_on_create_and_edit_and_a_refused_account_answers_400(installed_site, people, as_app):
    ann, bob, carla = people["ann"], people["bob"], people["carla"]
    fields = {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "S",
              "assignee": {"accountId": ann.account_id}}
    created = as_app.post(ISSUE, json={"fields": fields}).json()

    edited = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"assignee": {"accountId": bob.account_id}}})
    to_customer = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"assignee": {"accountId": carla.account_id}}})
    to_nobody = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"assignee": {"accountId": "557058:gone"}}})
    unassigned = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"assignee": None}})
    assignable = as_app.get("/rest/api/3/user/assignable/search", project="ALPHA", query="a").json()

    assert edited.status_code == 204 and unassigned.status_code == 204
    assert to_customer.status_code == 400
    assert to_customer.json()["errors"] == {"assignee": f"User '{carla.account_id}' cannot be assigned issues."}
    assert to_nobody.status_code == 400 and "assignee" in to_nobody.json()["errors"]
    assert installed_site.issue(created["key"])["fields"]["assignee"] is None
    assert ann.account_id in {u["accountId"] for u in assignable}
    assert carla.account_id not in {u["accountId"] for u in assignable}


def test_one_withheld_assignable_user_or_deactivated_is_refused_by_that_project_alone(installed_site, people,
                                                                                        as_app):
    ann, bob = people["ann"], people["bob"]
    installed_site.withhold_assignable("DESK", ann)
    installed_site.deactivate_user(bob)
    on_desk = as_app.post(ISSUE, json={"fields": {"project": {"key": "DESK"}, "issuetype": {"name": "IT Help"},
                                                  "summary": "S", "assignee": {"accountId": ann.account_id}}})
    elsewhere = as_app.post(ISSUE, json={"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"},
                                                    "summary": "S", "assignee": {"accountId": ann.account_id}}})
    to_bob = as_app.put(f"{ISSUE}/{elsewhere.json()['id']}", json={"fields": {"assignee": {"accountId": bob.account_id}}})
    on_desk_search = as_app.get("/rest/api/3/user/assignable/search", project="DESK", query="a").json()
    granted = as_app.post("/rest/api/3/permissions/check", json={"accountId": ann.account_id, "projectPermissions": [
        {"projects": [int(installed_site.state.require_project("DESK").id), int(installed_site.state.require_project("ALPHA").id)],
         "permissions": ["ASSIGNABLE_USER"]}]}).json()

    assert on_desk.status_code == 400
    assert on_desk.json()["errors"] == {"assignee": f"User '{ann.account_id}' cannot be assigned issues."}
    assert elsewhere.status_code == 201
    assert to_bob.status_code == 400 and "assignee" in to_bob.json()["errors"]
    assert ann.account_id not in {u["accountId"] for u in on_desk_search}
    assert granted["projectPermissions"][0]["projects"] == [int(installed_site.state.require_project("ALPHA").id)]


def test_a_customer_reports_only_on_their_own_service_desk(installed_site, people, as_app):
    carla = people["carla"]
    request_field = installed_site.request_type_field_id()
    get_it_help = installed_site.request_type_id("DESK", "Get IT Help")
    on_desk = as_app.post(ISSUE, json={"fields": {
        "project": {"key": "DESK"}, "issuetype": {"name": "IT Help"}, "summary": "Printer",
        request_field: get_it_help, "reporter": {"accountId": carla.account_id}}})
    on_software = as_app.post(ISSUE, json={"fields": {
        "project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "Printer",
        "reporter": {"accountId": carla.account_id}}})

    assert on_desk.status_code == 201
    assert installed_site.issue(on_desk.json()["key"])["fields"]["reporter"]["accountId"] == carla.account_id
    assert on_software.status_code == 400 and "reporter" in on_software.json()["errors"]


def test_a_request_raised_on_behalf_of_a_customer(installed_site, people, as_app):
    carla, desk_id = people["carla"], installed_site.service_desk_id("DESK")
    request = {"serviceDeskId": desk_id, "requestTypeId": installed_site.request_type_id("DESK", "Get IT Help"),
               "requestFieldValues": {"summary": "VPN down", "description": "Since 9am"}}

    raised = as_app.post("/rest/servicedeskapi/request", json={**request, "raiseOnBehalfOf": carla.account_id})
    not_a_customer = as_app.post("/rest/servicedeskapi/request",
                                 json={**request, "raiseOnBehalfOf": people["ann"].account_id})
    customers = as_app.get(f"/rest/servicedeskapi/servicedesk/{desk_id}/customer", query="carla").json()

    assert raised.status_code == 201 and raised.json()["reporter"]["accountId"] == carla.account_id
    issue = installed_site.issue(raised.json()["issueKey"])
    assert issue["fields"]["reporter"]["accountType"] == "customer" and issue["fields"]["summary"] == "VPN down"
    assert not_a_customer.status_code == 400
    assert [(c["accountId"], c["emailAddress"]) for c in customers["values"]] == [
        (carla.account_id, "carla@customer.example")]


def test_user_picker_fields_take_one_or_several_accounts(installed_site, people, as_app):
    ann, bob = people["ann"], people["bob"]
    reviewer = installed_site.add_custom_field("Reviewer", "user")
    watchers = installed_site.add_custom_field("Informed", "multiuser")
    fields = {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "S",
              reviewer: {"accountId": ann.account_id},
              watchers: [{"accountId": ann.account_id}, {"accountId": bob.account_id}]}

    created = as_app.post(ISSUE, json={"fields": fields})
    refused = as_app.put(f"{ISSUE}/{created.json()['id']}", json={"fields": {watchers: [{"accountId": "nobody"}]}})
    shown = as_app.get(f"{ISSUE}/{created.json()['id']}", fields=f"{reviewer},{watchers}").json()["fields"]
    schemas = {f["id"]: f["schema"] for f in as_app.get("/rest/api/3/field").json()}

    assert created.status_code == 201 and refused.status_code == 400
    assert shown[reviewer]["accountId"] == ann.account_id
    assert [u["accountId"] for u in shown[watchers]] == [ann.account_id, bob.account_id]
    assert schemas[watchers]["type"] == "array" and schemas[watchers]["items"] == "user"


def test_mentions_are_kept_as_written(installed_site, people, as_app):
    ann = people["ann"]
    body = mention_document("Please look, ", ann.account_id, ann.display_name, ".")
    created = installed_site.create_issue("ALPHA", "Task", "S")

    added = as_app.post(f"{ISSUE}/{created['id']}/comment", json={"body": body})

    assert added.status_code == 201 and added.json()["body"] == body
