"""Statuses change only by workflow transitions: read and performed through REST, with their screens' required
fields, the project's statuses per issue type, the workflows an admin may read (a Forge app: Jira closes that API to
Connect apps), and the webhook a transition fires."""
from .gateway import CLOSED_TO_CONNECT, Gateway
from .test_simulator_rest import webhooks

ISSUE = "/rest/api/3/issue"
LINEAR = (("Start", ["To Do"], "In Progress", ()), ("Review", ["In Progress"], "In Review", ()),
          ("Close", ["In Review"], "Done", ("resolution",)))


def create(as_app, project="ALPHA", issue_type="Task"):
    body = {"fields": {"project": {"key": project}, "issuetype": {"name": issue_type}, "summary": "x"}}
    return as_app.post(ISSUE, json=body).json()


def linear(site):
    site.set_workflow("ALPHA", "Linear", ["To Do", "In Progress", ("In Review", "indeterminate"), "Done"], LINEAR)


def test_a_new_project_lets_every_status_be_reached_in_one_transition(installed_site, as_app):
    issue = create(as_app)
    offered = as_app.get(f"{ISSUE}/{issue['id']}/transitions").json()["transitions"]

    assert sorted(t["to"]["name"] for t in offered) == ["Done", "In Progress"]
    assert installed_site.issue(issue["key"])["fields"]["status"]["name"] == "To Do"


def test_a_status_cannot_be_edited_only_transitioned(installed_site, as_app, app):
    issue = create(as_app)
    edited = as_app.put(f"{ISSUE}/{issue['id']}", json={"fields": {"status": {"name": "Done"}}})
    [done] = [t for t in as_app.get(f"{ISSUE}/{issue['id']}/transitions").json()["transitions"]
              if t["to"]["name"] == "Done"]
    moved = as_app.post(f"{ISSUE}/{issue['id']}/transitions", json={"transition": {"id": done["id"]}})

    assert edited.status_code == 400 and "status" in edited.json()["errors"]
    assert moved.status_code == 204
    shown = installed_site.issue(issue["key"])["fields"]
    assert shown["status"]["name"] == "Done" and shown["resolution"]["name"] == "Done"
    update = webhooks(app, installed_site)[-1]
    assert update["webhookEvent"] == "jira:issue_updated" and update["issue_event_type_name"] == "issue_generic"
    items = {item["field"]: (item["fromString"], item["toString"]) for item in update["changelog"]["items"]}
    assert items == {"status": ("To Do", "Done"), "resolution": (None, "Done")}


def test_a_directed_workflow_offers_only_its_next_steps_and_its_screens_require_fields(installed_site, as_app):
    linear(installed_site)
    issue = create(as_app)
    first = as_app.get(f"{ISSUE}/{issue['id']}/transitions").json()["transitions"]
    skipping = as_app.post(f"{ISSUE}/{issue['id']}/transitions", json={"transition": {"id": "31"}})
    for transition_id in ("11", "21"):
        assert as_app.post(f"{ISSUE}/{issue['id']}/transitions",
                           json={"transition": {"id": transition_id}}).status_code == 204
    [close] = as_app.get(f"{ISSUE}/{issue['id']}/transitions", expand="transitions.fields").json()["transitions"]
    without = as_app.post(f"{ISSUE}/{issue['id']}/transitions", json={"transition": {"id": close["id"]}})
    off_screen = as_app.post(f"{ISSUE}/{issue['id']}/transitions",
                             json={"transition": {"id": close["id"]}, "fields": {"labels": ["x"]},})
    closed = as_app.post(f"{ISSUE}/{issue['id']}/transitions",
                         json={"transition": {"id": close["id"]}, "fields": {"resolution": {"name": "Won't Do"}}})

    assert [t["to"]["name"] for t in first] == ["In Progress"]
    assert skipping.status_code == 400 and "not valid" in skipping.json()["errorMessages"][0]
    assert close["fields"]["resolution"]["required"] is True
    assert "Won't Do" in [value["name"] for value in close["fields"]["resolution"]["allowedValues"]]
    assert without.status_code == 400 and without.json()["errors"] == {"resolution": "Resolution is required."}
    assert off_screen.status_code == 400 and "labels" in off_screen.json()["errors"]
    assert closed.status_code == 204
    assert installed_site.issue(issue["key"])["fields"]["resolution"]["name"] == "Won't Do"


def test_project_statuses_per_issue_type_and_the_workflows_an_admin_reads(installed_site, as_app, monkeypatch):
    closed = as_app.post("/rest/api/3/workflows", json={"workflowNames": ["Linear"]})
    monkeypatch.setattr(Gateway, "_closed_to_app", lambda *_: False)  # as a Forge app calls it
    installed_site.add_project("DESK", type="service_desk")
    linear(installed_site)
    desk = as_app.get("/rest/api/3/project/DESK/statuses").json()
    software = {entry["name"]: [s["name"] for s in entry["statuses"]]
                for entry in as_app.get("/rest/api/3/project/ALPHA/statuses").json()}
    project = as_app.get("/rest/api/3/project/ALPHA").json()
    task = next(t for t in project["issueTypes"] if t["name"] == "Task")
    read = as_app.post("/rest/api/3/workflows",
                       json={"projectAndIssueTypes": [{"projectId": project["id"], "issueTypeId": task["id"]}]}).json()
    installed_site.refuse_workflow_reads()
    refused = as_app.post("/rest/api/3/workflows", json={"workflowNames": ["Linear"]})

    assert closed.status_code == 403 and closed.json()["errorMessages"] == [CLOSED_TO_CONNECT]
    assert [s["name"] for s in desk[0]["statuses"]][:2] == ["Waiting for support", "Waiting for customer"]
    assert software["Task"] == ["To Do", "In Progress", "In Review", "Done"]
    [workflow] = read["workflows"]
    names = {status["statusReference"]: status["name"] for status in read["statuses"]}
    edges = {(names[link["fromStatusReference"]], names[t["toStatusReference"]])
             for t in workflow["transitions"] for link in t["links"]}
    assert workflow["name"] == "Linear"
    assert edges == {("To Do", "In Progress"), ("In Progress", "In Review"), ("In Review", "Done")}
    assert refused.status_code == 403


def test_a_person_moves_an_issue_as_the_workflow_allows(installed_site, as_app):
    linear(installed_site)
    issue = create(as_app)
    installed_site.transition_issue(issue["key"], "In Progress")

    assert installed_site.issue(issue["key"])["fields"]["status"]["name"] == "In Progress"
    try:
        installed_site.transition_issue(issue["key"], "Done")
    except ValueError as refused:
        assert "no transition" in str(refused)
    else:
        raise AssertionError("skipped a step of the workflow")


def test_the_sites_resolutions_are_listed_a_page_at_a_time(installed_site, as_app):
    first = as_app.get("/rest/api/3/resolution/search", maxResults="2").json()
    rest = as_app.get("/rest/api/3/resolution/search", startAt="2").json()

    assert [r["name"] for r in first["values"]] == ["Done", "Won't Do"] and first["isLast"] is False
    assert [r["name"] for r in rest["values"]] == ["Duplicate", "Cannot Reproduce"] and rest["isLast"] is True
