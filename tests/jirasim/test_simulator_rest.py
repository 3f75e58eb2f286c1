"""The platform REST API as the app uses it: metadata, issues, comments, properties, links, permissions."""
from .adf import text_document
from .app_client import AppClient

ISSUE = "/rest/api/3/issue"
BROKEN_ADF = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text"}]}]}


def webhooks(app, site, path="/webhooks/jira"):
    """The webhook bodies the app received at ``path``, once the site's deliveries are done."""
    site.wait_for_webhooks()
    return [call.body for call in app.calls_to(path)]


def project_id(site, key="ALPHA"):
    return next(project["id"] for project in AppClient(site).get("/rest/api/3/project/search").json()["values"]
                if project["key"] == key)


def create(as_app, summary="Made by the app", **fields):
    body = {"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": summary, **fields}}
    response = as_app.post(ISSUE, json=body)
    assert response.status_code == 201, response.text
    return response.json()


# --- metadata -----------------------------------------------------------------------------------


def test_projects_fields_and_create_metadata(installed_site, as_app):
    installed_site.add_project("BETA", "Beta things")

    found = as_app.get("/rest/api/3/project/search", query="beta", maxResults=50).json()
    fields = {field["id"]: field for field in as_app.get("/rest/api/3/field").json()}
    types = as_app.get(f"{ISSUE}/createmeta/ALPHA/issuetypes", maxResults=200).json()
    task = next(t for t in types["issueTypes"] if t["name"] == "Task")
    create_fields = as_app.get(f"{ISSUE}/createmeta/ALPHA/issuetypes/{task['id']}", maxResults=200).json()

    assert [project["key"] for project in found["values"]] == ["BETA"] and found["total"] == 1
    assert found["values"][0]["projectTypeKey"] == "software"
    assert fields["description"]["schema"] == {"type": "string", "system": "description"}
    assert fields["labels"]["schema"] == {"type": "array", "items": "string", "system": "labels"}
    assert not any(f["custom"] for f in fields.values()), "no JSM project yet: no request type field"
    assert [t["name"] for t in types["issueTypes"]] == ["Task", "Bug", "Story", "Epic", "New Feature", "Improvement"]
    by_id = {field["fieldId"]: field for field in create_fields["fields"]}
    assert by_id["summary"]["required"] and by_id["project"]["required"] and not by_id["labels"]["required"]
    assert by_id["issuetype"]["allowedValues"][0]["id"] == task["id"]
    assert "status" not in by_id and create_fields["total"] == len(create_fields["fields"])


# --- issues -------------------------------------------------------------------------------------


def test_an_issue_created_by_the_app_fires_issue_created_by_the_app_user(installed_site, as_app, app):
    created = create(
        as_app, description=text_document("Details"), labels=["a", "b"], priority={"name": "High"},
        duedate="2030-01-31",
    )

    issue = as_app.get(f"{ISSUE}/{created['key']}").json()
    [event] = webhooks(app, installed_site)
    assert created["key"] == "ALPHA-1" and created["self"].endswith(f"/rest/api/3/issue/{created['id']}")
    fields = issue["fields"]
    assert fields["description"] == text_document("Details") and fields["labels"] == ["a", "b"]
    assert fields["priority"]["name"] == "High" and fields["duedate"] == "2030-01-31"
    assert fields["reporter"]["accountId"] == installed_site.app_user.account_id
    assert event["webhookEvent"] == "jira:issue_created"
    assert event["user"]["accountType"] == "app" and event["user"]["accountId"] == installed_site.app_user.account_id


def test_refused_creates_say_why_per_field_and_create_nothing(installed_site, as_app, app):
    project = {"key": "ALPHA"}
    cases = [
        ({"project": project, "issuetype": {"name": "Task"}}, {"summary": "You must specify a summary of the issue."}),
        ({"project": project, "issuetype": {"name": "IT Help"}, "summary": "x"},
         {"issuetype": "Specify a valid issue type"}),
        ({"project": project, "issuetype": {"id": "1"}, "summary": "x", "status": {"name": "Done"}},
         {"issuetype": "Specify a valid issue type",
          "status": "Field 'status' cannot be set. It is not on the appropriate screen, or unknown."}),
        ({"project": project, "issuetype": {"name": "Task"}, "summary": "x", "description": "plain"},
         {"description": "Operation value must be an Atlassian Document (see the Atlassian Document Format)"}),
        ({"project": {"key": "NOPE"}, "issuetype": {"name": "Task"}, "summary": "x"},
         {"project": "Specify a valid project ID or key"}),
    ]
    for fields, errors in cases:
        response = as_app.post(ISSUE, json={"fields": fields})
        assert (response.status_code, response.json()) == (400, {"errorMessages": [], "errors": errors})
    assert installed_site.issues("ALPHA") == [] and webhooks(app, installed_site) == []


def test_edits_fire_a_changelog_of_real_changes_only(installed_site, as_app, app):
    created = create(as_app, summary="Before", labels=["keep"])

    changed = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"summary": "After", "labels": ["keep"]}},
                         notifyUsers="false")
    unchanged = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"summary": "After"}}, notifyUsers="false")

    assert changed.status_code == unchanged.status_code == 204
    _, update = webhooks(app, installed_site)
    assert update["issue_event_type_name"] == "issue_updated" and update["user"]["accountType"] == "app"
    assert [(i["field"], i["fromString"], i["toString"]) for i in update["changelog"]["items"]] == [
        ("summary", "Before", "After")
    ]


def test_get_issue_honours_fields_and_properties(installed_site, as_app):
    body = {"fields": {"project": {"id": project_id(installed_site)}, "issuetype": {"name": "Bug"}, "summary": "Props"},
            "properties": [{"key": "tandem.origin", "value": {"key": "c1:a:1"}}]}
    created = as_app.post(ISSUE, json=body).json()

    shown = as_app.get(f"{ISSUE}/{created['key']}", fields="summary,issuetype", properties="tandem.origin").json()

    assert set(shown["fields"]) == {"summary", "issuetype"} and shown["fields"]["issuetype"]["name"] == "Bug"
    assert shown["properties"] == {"tandem.origin": {"key": "c1:a:1"}}


def test_delete_fires_issue_deleted(installed_site, as_app, app):
    created = create(as_app)

    assert as_app.delete(f"{ISSUE}/{created['id']}").status_code == 204

    assert as_app.get(f"{ISSUE}/{created['id']}").status_code == 404
    assert [event["webhookEvent"] for event in webhooks(app, installed_site)] == [
        "jira:issue_created", "jira:issue_deleted"
    ]


def test_issue_properties(installed_site, as_app):
    created = create(as_app)
    path = f"{ISSUE}/{created['id']}/properties/tandem.origin"

    first, second = as_app.put(path, json={"key": "one"}), as_app.put(path, json={"key": "two"})
    read = as_app.get(path).json()
    keys = as_app.get(f"{ISSUE}/{created['id']}/properties").json()["keys"]
    deleted, gone = as_app.delete(path), as_app.get(path)

    assert (first.status_code, second.status_code) == (201, 200)
    assert read == {"key": "tandem.origin", "value": {"key": "two"}}
    assert [entry["key"] for entry in keys] == ["tandem.origin"]
    assert (deleted.status_code, gone.status_code) == (204, 404)


# --- comments -----------------------------------------------------------------------------------


def test_comments_through_rest_fire_their_webhooks_by_the_app_user(installed_site, as_app, app):
    created = create(as_app)
    path = f"{ISSUE}/{created['id']}/comment"

    added = as_app.post(path, json={"body": text_document("One"), "properties": [{"key": "p", "value": {"n": 1}}]})
    comment_id = added.json()["id"]
    edited = as_app.put(f"{path}/{comment_id}", json={"body": text_document("Two")}, notifyUsers="false")
    page = as_app.get(path, expand="properties", maxResults=5000).json()
    single = as_app.get(f"{path}/{comment_id}", expand="properties").json()
    deleted = as_app.delete(f"{path}/{comment_id}")

    assert (added.status_code, edited.status_code, deleted.status_code) == (201, 200, 204)
    assert added.json()["author"]["accountType"] == "app" and "properties" not in added.json()
    assert page["total"] == 1 and page["comments"][0]["properties"] == [{"key": "p", "value": {"n": 1}}]
    assert single["body"] == text_document("Two") and single["updateAuthor"]["accountType"] == "app"
    comment_events = webhooks(app, installed_site, "/webhooks/comment")
    assert [event["webhookEvent"] for event in comment_events] == ["comment_created", "comment_updated",
                                                                   "comment_deleted"]
    issue_events = webhooks(app, installed_site)[1:]
    assert [event["issue_event_type_name"] for event in issue_events] == [
        "issue_commented", "issue_comment_edited", "issue_comment_deleted"
    ]
    assert all(event["user"]["accountType"] == "app" for event in issue_events)
    assert installed_site.comments(created["key"]) == []


def test_comment_helpers_fire_edit_and_delete_webhooks(installed_site, app):
    writer = installed_site.add_user("Wanda Writer")
    installed_site.create_issue("ALPHA", "Task", "Talk")
    comment = installed_site.add_comment("ALPHA-1", "Draft", user=writer)

    installed_site.edit_comment("ALPHA-1", comment["id"], "Final", user=writer)
    [shown] = installed_site.comments("ALPHA-1")
    installed_site.delete_comment("ALPHA-1", comment["id"], user=writer)

    assert shown["body"] == text_document("Final") and shown["author"]["displayName"] == "Wanda Writer"
    assert shown["jsdPublic"] is True and shown["properties"] == []
    updated, deleted = [call.body for call in app.calls_to("/webhooks/comment")][1:]
    assert updated["webhookEvent"] == "comment_updated" and updated["comment"]["updateAuthor"]["displayName"] == (
        "Wanda Writer")
    assert deleted["webhookEvent"] == "comment_deleted" and deleted["comment"]["id"] == comment["id"]


def test_invalid_adf_is_refused_and_recorded_as_a_violation(site_expecting_violations, app):
    site = site_expecting_violations
    site.install(app.descriptor_url)
    site.add_project("ALPHA")
    as_app = AppClient(site)
    created = create(as_app)

    comment = as_app.post(f"{ISSUE}/{created['id']}/comment", json={"body": BROKEN_ADF})
    issue = as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"description": BROKEN_ADF}})
    not_adf = as_app.post(f"{ISSUE}/{created['id']}/comment", json={"body": "plain text"})

    assert (comment.status_code, comment.json()["errorMessages"]) == (400, ["INVALID_INPUT"])
    assert (issue.status_code, issue.json()["errorMessages"]) == (400, ["INVALID_INPUT"])
    assert not_adf.json() == {"errorMessages": [], "errors": {"comment": "Comment body is not valid!"}}
    assert site.contract_violations == [
        f"POST /rest/api/3/issue/{created['id']}/comment: comment body is not valid ADF: "
        "/content/0/content/0: 'text' is a required property (in a 'text' node)",
        f"PUT /rest/api/3/issue/{created['id']}: field description is not valid ADF: "
        "/content/0/content/0: 'text' is a required property (in a 'text' node)",
    ]


# --- remote links, permissions, the request log -------------------------------------------------


def test_remote_links_are_upserted_by_global_id(installed_site, as_app):
    created = create(as_app)
    path = f"{ISSUE}/{created['id']}/remotelink"

    def link(global_id, title):
        body = {"globalId": global_id, "application": {"type": "io.tandem", "name": "Tandem"},
                "object": {"url": f"https://twin.example/{title}", "title": title}}
        return as_app.post(path, json=body)

    first, again, other = link("tandem:1", "Old"), link("tandem:1", "New"), link("tandem:2", "Other")
    listed = as_app.get(path).json()

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert first.json()["id"] == again.json()["id"] != other.json()["id"]
    assert [(entry["globalId"], entry["object"]["title"]) for entry in listed] == [("tandem:1", "New"),
                                                                                   ("tandem:2", "Other")]
    assert installed_site.remote_links(created["key"]) == listed
    assert as_app.get(path, globalId="tandem:2").json()["object"]["title"] == "Other"


def test_permission_checks_follow_project_admins(installed_site, as_app):
    alpha_id = int(project_id(installed_site))
    pat = installed_site.add_user("Pat")

    def administers(account_id):
        body = {"accountId": account_id,
                "projectPermissions": [{"permissions": ["ADMINISTER_PROJECTS"], "projects": [alpha_id]}]}
        return as_app.post("/rest/api/3/permissions/check", json=body).json()

    before = administers(pat.account_id)
    installed_site.grant_project_admin("ALPHA", pat.account_id)

    assert administers(installed_site.admin.account_id) == {
        "globalPermissions": [],
        "projectPermissions": [{"permission": "ADMINISTER_PROJECTS", "projects": [alpha_id], "issues": []}],
    }
    assert before["projectPermissions"] == []
    assert administers(pat.account_id)["projectPermissions"][0]["projects"] == [alpha_id]
    mine = as_app.get("/rest/api/3/mypermissions", projectKey="ALPHA",
                      permissions="ADMINISTER_PROJECTS,BROWSE_PROJECTS").json()["permissions"]
    assert (mine["ADMINISTER_PROJECTS"]["havePermission"], mine["BROWSE_PROJECTS"]["havePermission"]) == (False, True)


def test_writes_are_the_non_get_calls(installed_site, as_app):
    created = create(as_app)
    as_app.get(f"{ISSUE}/{created['id']}")
    as_app.put(f"{ISSUE}/{created['id']}", json={"fields": {"summary": "Changed"}})

    assert [(w.method, w.path, w.status) for w in installed_site.writes()] == [
        ("POST", ISSUE, 201), ("PUT", f"{ISSUE}/{created['id']}", 204)
    ]
